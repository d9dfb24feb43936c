using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Aio.Analyzers;

/// <summary>
/// Fixes AIO0001 by passing <c>Asyncio.CurrentTask()!.CancellationToken</c> to the call: as the last positional
/// argument when the token comes right after the arguments given, else as a named argument.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassCancellationTokenCodeFix)), Shared]
public sealed class PassCancellationTokenCodeFix : CodeFixProvider
{
    private const string Title = "Pass the task's CancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ForeignAwaitWithoutTokenAnalyzer.DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || !diagnostic.Properties.TryGetValue(ForeignAwaitWithoutTokenAnalyzer.ParameterNameKey, out string? name) || name is null
                || !diagnostic.Properties.TryGetValue(ForeignAwaitWithoutTokenAnalyzer.ParameterIndexKey, out string? indexText)
                || !int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
            {
                continue;
            }
            Document document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(invocation, AddToken(invocation, name, index)))), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax AddToken(InvocationExpressionSyntax invocation, string parameterName, int index)
    {
        // global::Aio.Asyncio.CurrentTask()!.CancellationToken, simplified to Asyncio... where `using Aio;` is in scope.
        ExpressionSyntax asyncio = SyntaxFactory.ParseExpression("global::Aio.Asyncio").WithAdditionalAnnotations(Simplifier.Annotation);
        ExpressionSyntax token = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.PostfixUnaryExpression(
                SyntaxKind.SuppressNullableWarningExpression,
                SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, asyncio, SyntaxFactory.IdentifierName("CurrentTask")))),
            SyntaxFactory.IdentifierName("CancellationToken"));

        SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
        bool positional = index == arguments.Count && !arguments.Any(a => a.NameColon is not null);
        ArgumentSyntax argument = positional
            ? SyntaxFactory.Argument(token)
            : SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)), default, token);
        return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments.Add(argument)));
    }
}
