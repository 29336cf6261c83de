using System.Reflection;
using System.Reflection.Emit;

namespace ReferenceApp.Architecture.Tests;

/// <summary>
/// The types a type uses: its signatures (base type, interfaces, fields, properties, methods, attributes, locals) and the
/// types and members its method bodies name in their IL. Reflection alone, so no package is needed.
/// </summary>
public static class TypeDependencies
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var used in type.GetInterfaces().Concat(type.GetCustomAttributesData().Select(a => a.AttributeType)))
        {
            Add(found, used);
        }

        foreach (var field in type.GetFields(Declared))
        {
            Add(found, field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(found, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddMethod(found, method);
        }

        return found;
    }

    private static void AddMethod(HashSet<Type> found, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            Add(found, info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            Add(found, parameter.ParameterType);
        }

        foreach (var attribute in method.GetCustomAttributesData())
        {
            Add(found, attribute.AttributeType);
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(found, local.LocalType);
        }

        foreach (var token in TokensIn(body.GetILAsByteArray() ?? []))
        {
            try
            {
                var member = method.Module.ResolveMember(token,
                    method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null);
                switch (member)
                {
                    case Type used:
                        Add(found, used);
                        break;
                    case FieldInfo field:
                        Add(found, field.DeclaringType);
                        Add(found, field.FieldType);
                        break;
                    case MethodBase called:
                        Add(found, called.DeclaringType);
                        if (called is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (var argument in generic.GetGenericArguments())
                            {
                                Add(found, argument);
                            }
                        }

                        break;
                }
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or TypeLoadException or BadImageFormatException)
            {
                // A member of an assembly that is not loadable here cannot be one of the service's own types.
            }
        }
    }

    /// <summary>Metadata tokens that name a type, field or method in the IL of a method body.</summary>
    private static IEnumerable<int> TokensIn(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
            }
        }
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        if (!type.IsGenericParameter)
        {
            found.Add(type);
        }
    }
}
