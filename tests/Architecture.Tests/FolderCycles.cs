using System.Reflection;

namespace ReferenceApp.Architecture.Tests;

/// <summary>A set of sibling folders that import each other in a loop, with one type-level use per import as evidence.</summary>
public sealed record FolderCycle(string Parent, IReadOnlyList<string> Folders, IReadOnlyList<string> Evidence)
{
    /// <summary>"ReferenceApp.Orders: Apis, Ordering, Storage": how the allow-list names a cycle.</summary>
    public string Name => $"{Parent}: {string.Join(", ", Folders)}";

    public override string ToString() => Name + Environment.NewLine + string.Join(Environment.NewLine, Evidence.Select(e => "    " + e));
}

/// <summary>
/// Finds import cycles between folders (namespaces) of a service. At every level (the service's root namespace and each
/// folder under it) the child folders form a graph: an edge A → B when a type under A uses a type under B. Types that sit
/// directly in the parent namespace (the composition root, a feature's shared types) are not part of that level's graph.
/// A strongly connected component of two or more folders is a cycle.
/// </summary>
public static class FolderCycles
{
    public static IReadOnlyList<FolderCycle> In(Assembly assembly, string rootNamespace)
    {
        var uses = NamespaceUses(assembly, rootNamespace);
        var parents = uses.Keys.SelectMany(e => new[] { e.From, e.To }).SelectMany(Ancestors).Distinct().Order(StringComparer.Ordinal);
        return [.. parents.SelectMany(parent => CyclesBelow(parent, uses))];
    }

    /// <summary>Namespace → namespace uses inside the service, each with one example "Type → Type".</summary>
    private static Dictionary<(string From, string To), string> NamespaceUses(Assembly assembly, string rootNamespace)
    {
        var uses = new Dictionary<(string From, string To), string>();
        foreach (var type in LoadableTypes(assembly))
        {
            var from = NamespaceOf(type);
            if (!Inside(from, rootNamespace))
            {
                continue;
            }

            foreach (var used in TypeDependencies.Of(type).Where(u => u.Assembly == assembly))
            {
                var to = NamespaceOf(used);
                if (to != from && Inside(to, rootNamespace))
                {
                    uses.TryAdd((from, to), $"{Outermost(type).FullName} → {Outermost(used).FullName}");
                }
            }
        }

        return uses;
    }

    private static IEnumerable<FolderCycle> CyclesBelow(string parent, Dictionary<(string From, string To), string> uses)
    {
        var edges = new Dictionary<(string From, string To), string>();
        foreach (var ((from, to), example) in uses)
        {
            if (ChildOf(parent, from) is { } a && ChildOf(parent, to) is { } b && a != b)
            {
                edges.TryAdd((a, b), example);
            }
        }

        foreach (var component in StronglyConnected(edges.Keys).Where(c => c.Count > 1))
        {
            var members = component.Order(StringComparer.Ordinal).ToList();
            var evidence = edges.Where(e => component.Contains(e.Key.From) && component.Contains(e.Key.To))
                .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                .Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value}").ToList();
            yield return new FolderCycle(parent, members, evidence);
        }
    }

    /// <summary>Tarjan's algorithm.</summary>
    private static List<HashSet<string>> StronglyConnected(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], index[target]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return components;
    }

    /// <summary>The folder directly below <paramref name="parent"/> that holds <paramref name="ns"/>, or null if ns is not below it.</summary>
    private static string? ChildOf(string parent, string ns) =>
        ns.StartsWith(parent + ".", StringComparison.Ordinal) ? ns[(parent.Length + 1)..].Split('.')[0] : null;

    private static IEnumerable<string> Ancestors(string ns)
    {
        for (var dot = ns.LastIndexOf('.'); dot > 0; dot = ns.LastIndexOf('.', dot - 1))
        {
            yield return ns[..dot];
        }
    }

    private static bool Inside(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    // Nested types (lambdas' closures, async state machines) belong to the folder of the type they are declared in.
    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static string NamespaceOf(Type type) => Outermost(type).Namespace ?? "";

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
