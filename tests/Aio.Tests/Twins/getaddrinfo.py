# loop.getaddrinfo and loop.getnameinfo run off the loop thread and answer as getaddrinfo(3) does.
import asyncio
import socket


async def main():
    loop = asyncio.get_running_loop()
    for family, type_, proto, canon, addr in await loop.getaddrinfo("127.0.0.1", 8080):
        print(family.name, type_.name, proto, repr(canon), addr)
    for family, type_, proto, canon, addr in await loop.getaddrinfo("localhost", 80, family=socket.AF_INET, type=socket.SOCK_STREAM):
        print(family.name, type_.name, proto, addr)
    print(await loop.getnameinfo(("127.0.0.1", 8080), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))
    try:
        await loop.getaddrinfo("no-such-host.invalid", 80)
    except socket.gaierror:
        print("gaierror")


asyncio.run(main())
