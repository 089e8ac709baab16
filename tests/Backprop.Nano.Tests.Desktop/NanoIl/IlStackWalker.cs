using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Backprop.Nano.Tests.NanoIl
{
    /// <summary>The evaluation-stack types of ECMA-335 III.1.1, with F split so that messages can say float32 or float64.</summary>
    internal enum StackType { Int32, Int64, NativeInt, Float32, Float64, ObjectRef, ManagedPointer, ValueType }

    /// <summary>One decoded instruction; Number holds an ldc's constant, Targets a branch's destinations.</summary>
    internal sealed record IlInstruction(int Offset, OpCode OpCode, double Number, int[] Targets, int Token, int Index);

    /// <summary>An instruction as the walker meets it: where it is, and the types of the operands it pops (in push order).</summary>
    internal sealed record IlSite(string Method, IlInstruction Instruction, StackType[] Operands, IlInstruction Previous, bool IsJumpTarget)
    {
        public override string ToString() => $"{Method} IL_{Instruction.Offset:X4} {Instruction.OpCode.Name}({string.Join(", ", Operands)})";
    }

    /// <summary>
    /// Walks every method body of an assembly once, forward, keeping the type of each evaluation-stack
    /// slot, and shows each instruction with its operand types to a visitor. Verifiable IL makes one
    /// forward pass enough (ECMA-335 III.1.7.5): a branch target's stack is the one recorded at the
    /// branch, and code after an unconditional transfer that no earlier branch reached starts empty.
    /// Pop and push counts come from System.Reflection.Emit's opcode table, so only pushes whose type
    /// depends on a signature or on the operands need code here; anything it cannot type throws
    /// instead of guessing, so a rule never passes on a walk that went wrong.
    /// </summary>
    internal static class IlStackWalker
    {
        private static readonly Dictionary<ushort, OpCode> OpCodesByValue = BuildOpCodeTable();

        public static void Walk(string assemblyPath, Func<string, bool> includeType, Action<IlSite> visit)
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            var types = new SignatureTypes(reader);
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                string typeName = SignatureTypes.FullName(reader, typeHandle);
                if (!includeType(typeName)) continue;
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                    if (method.RelativeVirtualAddress == 0) continue;
                    new MethodWalk(reader, types, typeHandle, method, pe.GetMethodBody(method.RelativeVirtualAddress), visit).Run();
                }
            }
        }

        private sealed class MethodWalk
        {
            private readonly MetadataReader _reader;
            private readonly SignatureTypes _types;
            private readonly MethodBodyBlock _body;
            private readonly Action<IlSite> _visit;
            private readonly string _name;
            private readonly StackType[] _arguments;
            private readonly ImmutableArray<IlType> _locals;
            private readonly bool _returnsValue;
            private readonly Dictionary<int, StackType[]> _recorded = new();

            public MethodWalk(MetadataReader reader, SignatureTypes types, TypeDefinitionHandle owner, MethodDefinition method,
                MethodBodyBlock body, Action<IlSite> visit)
            {
                _reader = reader;
                _types = types;
                _body = body;
                _visit = visit;
                MethodSignature<IlType> signature = method.DecodeSignature(types, null);
                _name = SignatureTypes.FullName(reader, owner) + "." + reader.GetString(method.Name)
                    + "(" + string.Join(", ", signature.ParameterTypes.Select(p => p.Name)) + ")";
                var arguments = new List<StackType>();
                if (signature.Header.IsInstance)
                {
                    bool valueType = types.IsValueType(owner);
                    arguments.Add(valueType ? StackType.ManagedPointer : StackType.ObjectRef);
                }
                foreach (IlType parameter in signature.ParameterTypes) arguments.Add(parameter.Kind);
                _arguments = arguments.ToArray();
                _returnsValue = signature.ReturnType.Name != "void";
                _locals = body.LocalSignature.IsNil
                    ? ImmutableArray<IlType>.Empty
                    : reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(types, null);
            }

            public void Run()
            {
                List<IlInstruction> instructions = Decode(_body.GetILReader());
                var jumpTargets = new HashSet<int>();
                foreach (IlInstruction instruction in instructions)
                {
                    if (instruction.Targets != null) jumpTargets.UnionWith(instruction.Targets);
                }
                foreach (ExceptionRegion region in _body.ExceptionRegions)
                {
                    StackType[] caught = { StackType.ObjectRef };
                    if (region.Kind == ExceptionRegionKind.Filter) _recorded[region.FilterOffset] = caught;
                    _recorded[region.HandlerOffset] = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter
                        ? caught : Array.Empty<StackType>();
                }

                var stack = new List<StackType>();
                bool reachable = true;
                IlInstruction previous = null;
                foreach (IlInstruction instruction in instructions)
                {
                    if (_recorded.TryGetValue(instruction.Offset, out StackType[] recorded))
                    {
                        if (reachable && recorded.Length != stack.Count) Fail(instruction, "stack depth " + stack.Count + " meets recorded depth " + recorded.Length);
                        if (!reachable) stack = new List<StackType>(recorded);
                    }
                    else if (!reachable)
                    {
                        stack.Clear();
                    }
                    reachable = true;

                    OpCode op = instruction.OpCode;
                    int pops = PopCount(instruction);
                    if (pops > stack.Count) Fail(instruction, "pops " + pops + " from a stack of " + stack.Count);
                    StackType[] operands = stack.GetRange(stack.Count - pops, pops).ToArray();
                    stack.RemoveRange(stack.Count - pops, pops);
                    _visit(new IlSite(_name, instruction, operands, previous, jumpTargets.Contains(instruction.Offset)));
                    Push(instruction, operands, stack);

                    if (op == OpCodes.Leave || op == OpCodes.Leave_S) stack.Clear();
                    if (instruction.Targets != null)
                    {
                        foreach (int target in instruction.Targets) Record(instruction, target, stack);
                    }
                    reachable = op.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw)
                        && op != OpCodes.Endfinally && op != OpCodes.Jmp;
                    previous = instruction;
                }
            }

            private void Record(IlInstruction branch, int target, List<StackType> stack)
            {
                if (_recorded.TryGetValue(target, out StackType[] earlier))
                {
                    if (earlier.Length != stack.Count) Fail(branch, "branch to IL_" + target.ToString("X4") + " with depth " + stack.Count + ", recorded " + earlier.Length);
                    return;
                }
                _recorded[target] = stack.ToArray();
            }

            private int PopCount(IlInstruction instruction)
            {
                OpCode op = instruction.OpCode;
                if (op.StackBehaviourPop != StackBehaviour.Varpop)
                {
                    string name = op.StackBehaviourPop.ToString();
                    return name == "Pop0" ? 0 : name.Split('_').Length;
                }
                if (op == OpCodes.Ret) return _returnsValue ? 1 : 0;
                MethodSignature<IlType> signature = _types.MethodSignatureOf(instruction.Token);
                int count = signature.ParameterTypes.Length;
                if (op == OpCodes.Newobj) return count;
                if (signature.Header.IsInstance && !signature.Header.HasExplicitThis) count++;
                if (op == OpCodes.Calli) count++;
                return count;
            }

            private void Push(IlInstruction instruction, StackType[] operands, List<StackType> stack)
            {
                OpCode op = instruction.OpCode;
                switch (op.StackBehaviourPush)
                {
                    case StackBehaviour.Push0:
                        return;
                    case StackBehaviour.Push1_push1:
                        stack.Add(operands[0]);
                        stack.Add(operands[0]);
                        return;
                    case StackBehaviour.Pushi8:
                        stack.Add(StackType.Int64);
                        return;
                    case StackBehaviour.Pushr4:
                        stack.Add(StackType.Float32);
                        return;
                    case StackBehaviour.Pushr8:
                        stack.Add(StackType.Float64);
                        return;
                    case StackBehaviour.Pushref:
                        stack.Add(StackType.ObjectRef);
                        return;
                    case StackBehaviour.Pushi:
                        stack.Add(PushedInteger(op));
                        return;
                    case StackBehaviour.Varpush:
                        IlType returned = _types.MethodSignatureOf(instruction.Token).ReturnType;
                        if (returned.Name != "void") stack.Add(returned.Kind);
                        return;
                    case StackBehaviour.Push1:
                        stack.Add(PushedValue(instruction, operands));
                        return;
                    default:
                        Fail(instruction, "unknown push behaviour " + op.StackBehaviourPush);
                        return;
                }
            }

            private static StackType PushedInteger(OpCode op)
            {
                if (op == OpCodes.Ldloca || op == OpCodes.Ldloca_S || op == OpCodes.Ldarga || op == OpCodes.Ldarga_S
                    || op == OpCodes.Ldflda || op == OpCodes.Ldsflda || op == OpCodes.Ldelema)
                {
                    return StackType.ManagedPointer;
                }
                if (op == OpCodes.Conv_I || op == OpCodes.Conv_U || op == OpCodes.Conv_Ovf_I || op == OpCodes.Conv_Ovf_U
                    || op == OpCodes.Conv_Ovf_I_Un || op == OpCodes.Conv_Ovf_U_Un || op == OpCodes.Ldind_I || op == OpCodes.Ldelem_I
                    || op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn || op == OpCodes.Localloc)
                {
                    return StackType.NativeInt;
                }
                return StackType.Int32;
            }

            // Push1: the instructions whose result type comes from a signature, a token or the operands.
            private StackType PushedValue(IlInstruction instruction, StackType[] operands)
            {
                OpCode op = instruction.OpCode;
                if (op == OpCodes.Ldarg || op == OpCodes.Ldarg_S || op == OpCodes.Ldarg_0 || op == OpCodes.Ldarg_1
                    || op == OpCodes.Ldarg_2 || op == OpCodes.Ldarg_3)
                {
                    return _arguments[instruction.Index];
                }
                if (op == OpCodes.Ldloc || op == OpCodes.Ldloc_S || op == OpCodes.Ldloc_0 || op == OpCodes.Ldloc_1
                    || op == OpCodes.Ldloc_2 || op == OpCodes.Ldloc_3)
                {
                    return _locals[instruction.Index].Kind;
                }
                if (op == OpCodes.Ldfld || op == OpCodes.Ldsfld) return _types.FieldTypeOf(instruction.Token).Kind;
                if (op == OpCodes.Ldobj || op == OpCodes.Ldelem || op == OpCodes.Unbox_Any) return _types.TypeOf(instruction.Token).Kind;
                if (op == OpCodes.Neg || op == OpCodes.Not || op == OpCodes.Shl || op == OpCodes.Shr || op == OpCodes.Shr_Un) return operands[0];
                if (op == OpCodes.Mkrefany) return StackType.ValueType;
                if (op.OpCodeType == OpCodeType.Primitive && operands.Length == 2) return Binary(instruction, operands[0], operands[1]);
                Fail(instruction, "no rule for the type it pushes");
                return StackType.ObjectRef;
            }

            // ECMA-335 III.1.5, tables 2 and 5: the result type of binary numeric and integer operations.
            private StackType Binary(IlInstruction instruction, StackType left, StackType right)
            {
                if (IsFloat(left) || IsFloat(right))
                {
                    if (!IsFloat(left) || !IsFloat(right)) Fail(instruction, "mixes " + left + " and " + right);
                    return left == StackType.Float64 || right == StackType.Float64 ? StackType.Float64 : StackType.Float32;
                }
                if (left == StackType.ManagedPointer || right == StackType.ManagedPointer) return StackType.ManagedPointer;
                if (left == StackType.Int64 || right == StackType.Int64) return StackType.Int64;
                if (left == StackType.NativeInt || right == StackType.NativeInt) return StackType.NativeInt;
                return StackType.Int32;
            }

            private void Fail(IlInstruction instruction, string problem)
            {
                throw new InvalidOperationException($"IL walk of {_name} at IL_{instruction.Offset:X4} {instruction.OpCode.Name}: {problem}");
            }
        }

        public static bool IsFloat(StackType type) => type is StackType.Float32 or StackType.Float64;

        private static List<IlInstruction> Decode(BlobReader il)
        {
            var instructions = new List<IlInstruction>();
            while (il.RemainingBytes > 0)
            {
                int offset = il.Offset;
                ushort value = il.ReadByte();
                if (value == 0xFE) value = (ushort)(0xFE00 | il.ReadByte());
                OpCode op = OpCodesByValue[value];
                double number = 0;
                int[] targets = null;
                int token = 0, index = -1;
                switch (op.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                        int shortJump = il.ReadSByte();
                        targets = new[] { il.Offset + shortJump };
                        break;
                    case OperandType.InlineBrTarget:
                        int jump = il.ReadInt32();
                        targets = new[] { il.Offset + jump };
                        break;
                    case OperandType.InlineSwitch:
                        int count = il.ReadInt32();
                        int[] jumps = new int[count];
                        for (int k = 0; k < count; k++) jumps[k] = il.ReadInt32();
                        targets = new int[count];
                        for (int k = 0; k < count; k++) targets[k] = il.Offset + jumps[k];
                        break;
                    case OperandType.ShortInlineI:
                        number = op == OpCodes.Ldc_I4_S ? il.ReadSByte() : il.ReadByte();
                        break;
                    case OperandType.ShortInlineVar:
                        index = il.ReadByte();
                        break;
                    case OperandType.InlineVar:
                        index = il.ReadUInt16();
                        break;
                    case OperandType.InlineI:
                        number = il.ReadInt32();
                        break;
                    case OperandType.InlineI8:
                        number = il.ReadInt64();
                        break;
                    case OperandType.ShortInlineR:
                        number = il.ReadSingle();
                        break;
                    case OperandType.InlineR:
                        number = il.ReadDouble();
                        break;
                    default:
                        token = il.ReadInt32();
                        break;
                }
                if (index < 0) index = ImpliedIndex(op);
                instructions.Add(new IlInstruction(offset, op, number, targets, token, index));
            }
            return instructions;
        }

        // ldarg.0..3 and ldloc.0..3 carry their index in the opcode.
        private static int ImpliedIndex(OpCode op)
        {
            string name = op.Name;
            int dot = name.LastIndexOf('.');
            return (name.StartsWith("ldarg.") || name.StartsWith("ldloc.")) && dot > 0 && char.IsDigit(name[dot + 1])
                ? name[dot + 1] - '0'
                : -1;
        }

        private static Dictionary<ushort, OpCode> BuildOpCodeTable()
        {
            var table = new Dictionary<ushort, OpCode>();
            foreach (var field in typeof(OpCodes).GetFields())
            {
                var op = (OpCode)field.GetValue(null);
                table[(ushort)op.Value] = op;
            }
            return table;
        }
    }
}
