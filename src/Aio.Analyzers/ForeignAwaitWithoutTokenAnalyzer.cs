using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Aio.Analyzers;

/// <summary>
/// AIO0001: inside an <c>async Coroutine</c> (or <c>Coroutine&lt;T&gt;</c>) method, lambda or local function, an
/// <c>await</c> of a .NET API call that could take a <see cref="System.Threading.CancellationToken"/> (an optional
/// token parameter left out, or an overload with one more token parameter) but was called without one.
/// </summary>
/// <remarks>
/// Why it matters: Aio cancels a task by resuming it with <c>CancelledError</c> at its current await, which it can
/// only do at its own awaitables. A .NET <c>Task</c> that was not given the task's token runs to its end first, so
/// <c>Timeout</c>, <c>WaitFor</c> and <c>task.Cancel()</c> wait for it (docs/asyncio-mapping.md, "Foreign awaits and
/// cancellation"). The rule looks only at awaits of <c>Task</c>/<c>ValueTask</c> results (optionally through
/// <c>ConfigureAwait</c>); a call whose token argument is given, even as <c>default</c> or
/// <c>CancellationToken.None</c>, is a decision made and is not reported. The code fix passes
/// <c>Asyncio.CurrentTask()!.CancellationToken</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignAwaitWithoutTokenAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's id.</summary>
    public const string DiagnosticId = "AIO0001";

    /// <summary>Diagnostic property: the name of the token parameter to fill in.</summary>
    public const string ParameterNameKey = "ParameterName";

    /// <summary>Diagnostic property: the index of the token parameter in the method to call.</summary>
    public const string ParameterIndexKey = "ParameterIndex";

    private static readonly DiagnosticDescriptor s_rule = new(
        DiagnosticId,
        title: "Pass the task's CancellationToken to a .NET API awaited in a coroutine",
        messageFormat: "'{0}' can take a CancellationToken but is awaited without one in coroutine '{1}', so cancelling the task cannot interrupt this await; pass Asyncio.CurrentTask()!.CancellationToken, or await it through Asyncio.WrapFuture(...) to abandon it at cancellation",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Aio delivers a cancellation (Cancel, Timeout, WaitFor) at the task's next await of an Aio awaitable. " +
                     "An awaited .NET Task that was not given the task's CancellationToken runs to its end first, so the " +
                     "cancellation waits for it. Pass Asyncio.CurrentTask()!.CancellationToken so the .NET API stops, or await " +
                     "the call through Asyncio.WrapFuture(...) so the await itself can be abandoned.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            KnownTypes? types = KnownTypes.Create(start.Compilation);
            if (types is null)
            {
                return; // Aio is not referenced: nothing is a coroutine.
            }
            start.RegisterOperationAction(c => AnalyzeAwait(c, types), OperationKind.Await);
        });
    }

    private static void AnalyzeAwait(OperationAnalysisContext context, KnownTypes types)
    {
        var awaitOperation = (IAwaitOperation)context.Operation;
        IMethodSymbol? function = EnclosingFunction(awaitOperation, context.ContainingSymbol);
        if (function is null || !function.IsAsync || !types.IsCoroutine(function.ReturnType))
        {
            return;
        }

        IOperation awaited = StripConversions(awaitOperation.Operation);
        if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            awaited = StripConversions(configured);
        }
        if (awaited is not IInvocationOperation call || !types.IsTaskLike(call.TargetMethod.ReturnType))
        {
            return;
        }

        IMethodSymbol target = call.TargetMethod;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && types.IsToken(parameter.Type))
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return; // a token was passed: a decision made.
                }
                Report(context, call, function, parameter.Name, parameter.Ordinal);
                return;
            }
        }

        IParameterSymbol? overloadToken = FindOverloadWithToken(target, types, context.Compilation, context.ContainingSymbol);
        if (overloadToken is not null)
        {
            int index = overloadToken.Ordinal - (target.ReducedFrom is not null ? 1 : 0);
            Report(context, call, function, overloadToken.Name, index);
        }
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation call, IMethodSymbol function, string parameterName, int index)
    {
        IMethodSymbol target = call.TargetMethod;
        string name = $"{target.ContainingType.Name}.{target.Name}";
        string coroutine = function.MethodKind == MethodKind.AnonymousFunction ? "lambda" : function.Name;
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(ParameterNameKey, parameterName)
            .Add(ParameterIndexKey, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(s_rule, call.Syntax.GetLocation(), properties, name, coroutine));
    }

    /// <summary>The innermost lambda or local function around <paramref name="operation"/>, else the member being analysed.</summary>
    private static IMethodSymbol? EnclosingFunction(IOperation operation, ISymbol containingSymbol)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation local:
                    return local.Symbol;
            }
        }
        return containingSymbol as IMethodSymbol;
    }

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }
        return operation;
    }

    /// <summary>
    /// An accessible overload of <paramref name="target"/> (same type, name, staticness and generic arity) whose
    /// parameters are the target's plus one <c>CancellationToken</c>; returns that token parameter.
    /// </summary>
    private static IParameterSymbol? FindOverloadWithToken(IMethodSymbol target, KnownTypes types, Compilation compilation, ISymbol within)
    {
        IMethodSymbol definition = (target.ReducedFrom ?? target).OriginalDefinition;
        ImmutableArray<IParameterSymbol> parameters = definition.Parameters;
        ISymbol accessFrom = within.ContainingType ?? (ISymbol)within.ContainingAssembly;
        foreach (ISymbol member in definition.ContainingType.GetMembers(definition.Name))
        {
            if (member is not IMethodSymbol candidate
                || SymbolEqualityComparer.Default.Equals(candidate, definition)
                || candidate.IsStatic != definition.IsStatic
                || candidate.Arity != definition.Arity
                || candidate.Parameters.Length != parameters.Length + 1
                || !compilation.IsSymbolAccessibleWithin(candidate, accessFrom))
            {
                continue;
            }
            IParameterSymbol? token = null;
            int j = 0;
            foreach (IParameterSymbol parameter in candidate.Parameters)
            {
                if (token is null && types.IsToken(parameter.Type) && (j == parameters.Length || !types.IsToken(parameters[j].Type)))
                {
                    token = parameter;
                    continue;
                }
                if (j >= parameters.Length || !SameParameter(parameter, parameters[j]))
                {
                    token = null;
                    break;
                }
                j++;
            }
            if (token is not null)
            {
                return token;
            }
        }
        return null;
    }

    private static bool SameParameter(IParameterSymbol a, IParameterSymbol b)
    {
        if (a.RefKind != b.RefKind)
        {
            return false;
        }
        if (SymbolEqualityComparer.Default.Equals(a.Type, b.Type))
        {
            return true;
        }
        // Method type parameters of two overloads are different symbols: compare by shape.
        return a.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == b.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }

    private sealed class KnownTypes
    {
        private readonly INamedTypeSymbol _coroutine;
        private readonly INamedTypeSymbol? _coroutineOfT;
        private readonly INamedTypeSymbol _token;
        private readonly ImmutableArray<INamedTypeSymbol> _taskLike;

        private KnownTypes(INamedTypeSymbol coroutine, INamedTypeSymbol? coroutineOfT, INamedTypeSymbol token, ImmutableArray<INamedTypeSymbol> taskLike)
        {
            _coroutine = coroutine;
            _coroutineOfT = coroutineOfT;
            _token = token;
            _taskLike = taskLike;
        }

        public static KnownTypes? Create(Compilation compilation)
        {
            INamedTypeSymbol? coroutine = compilation.GetTypeByMetadataName("Aio.Coroutine");
            INamedTypeSymbol? token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            if (coroutine is null || token is null)
            {
                return null;
            }
            ImmutableArray<INamedTypeSymbol>.Builder taskLike = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (string name in new[]
            {
                "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
                "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.ValueTask`1",
            })
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    taskLike.Add(type);
                }
            }
            return new KnownTypes(coroutine, compilation.GetTypeByMetadataName("Aio.Coroutine`1"), token, taskLike.ToImmutable());
        }

        public bool IsCoroutine(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type, _coroutine)
            || (_coroutineOfT is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _coroutineOfT));

        public bool IsToken(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, _token);

        public bool IsTaskLike(ITypeSymbol type)
        {
            foreach (INamedTypeSymbol taskType in _taskLike)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, taskType))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
