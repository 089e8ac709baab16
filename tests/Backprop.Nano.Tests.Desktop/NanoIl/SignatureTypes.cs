using System;
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Backprop.Nano.Tests.NanoIl
{
    /// <summary>A type from a signature: its name (for messages and method names) and what it is on the evaluation stack.</summary>
    internal readonly record struct IlType(string Name, StackType Kind);

    /// <summary>Decodes signatures and tokens of one assembly into <see cref="IlType"/>s.</summary>
    internal sealed class SignatureTypes : ISignatureTypeProvider<IlType, object>
    {
        private readonly MetadataReader _reader;

        public SignatureTypes(MetadataReader reader)
        {
            _reader = reader;
        }

        public MethodSignature<IlType> MethodSignatureOf(int token)
        {
            EntityHandle handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    return _reader.GetMethodDefinition((MethodDefinitionHandle)handle).DecodeSignature(this, null);
                case HandleKind.MemberReference:
                    return _reader.GetMemberReference((MemberReferenceHandle)handle).DecodeMethodSignature(this, null);
                case HandleKind.StandaloneSignature:
                    return _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(this, null);
                default:
                    throw new NotSupportedException("method token of kind " + handle.Kind + " (generic instantiations do not exist in nanoFramework 1.x code)");
            }
        }

        public IlType FieldTypeOf(int token)
        {
            EntityHandle handle = MetadataTokens.EntityHandle(token);
            return handle.Kind == HandleKind.FieldDefinition
                ? _reader.GetFieldDefinition((FieldDefinitionHandle)handle).DecodeSignature(this, null)
                : _reader.GetMemberReference((MemberReferenceHandle)handle).DecodeFieldSignature(this, null);
        }

        public IlType TypeOf(int token)
        {
            EntityHandle handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    return GetTypeFromDefinition(_reader, (TypeDefinitionHandle)handle, 0);
                case HandleKind.TypeReference:
                    return GetTypeFromReference(_reader, (TypeReferenceHandle)handle, 0);
                default:
                    return GetTypeFromSpecification(_reader, null, (TypeSpecificationHandle)handle, 0);
            }
        }

        public bool IsValueType(TypeDefinitionHandle handle)
        {
            EntityHandle baseType = _reader.GetTypeDefinition(handle).BaseType;
            if (baseType.IsNil || baseType.Kind != HandleKind.TypeReference) return false;
            string name = FullName(_reader, (TypeReferenceHandle)baseType);
            return name == "System.ValueType" || name == "System.Enum";
        }

        public static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            TypeDefinitionHandle declaring = type.GetDeclaringType();
            string name = reader.GetString(type.Name);
            if (!declaring.IsNil) return FullName(reader, declaring) + "/" + name;
            string space = reader.GetString(type.Namespace);
            return space.Length == 0 ? name : space + "." + name;
        }

        private static string FullName(MetadataReader reader, TypeReferenceHandle handle)
        {
            TypeReference type = reader.GetTypeReference(handle);
            string space = reader.GetString(type.Namespace);
            return space.Length == 0 ? reader.GetString(type.Name) : space + "." + reader.GetString(type.Name);
        }

        public IlType GetPrimitiveType(PrimitiveTypeCode typeCode)
        {
            switch (typeCode)
            {
                case PrimitiveTypeCode.Void: return new IlType("void", StackType.ObjectRef);
                case PrimitiveTypeCode.Single: return new IlType("float32", StackType.Float32);
                case PrimitiveTypeCode.Double: return new IlType("float64", StackType.Float64);
                case PrimitiveTypeCode.Int64:
                case PrimitiveTypeCode.UInt64: return new IlType(typeCode.ToString().ToLowerInvariant(), StackType.Int64);
                case PrimitiveTypeCode.IntPtr:
                case PrimitiveTypeCode.UIntPtr: return new IlType(typeCode.ToString(), StackType.NativeInt);
                case PrimitiveTypeCode.String:
                case PrimitiveTypeCode.Object: return new IlType(typeCode.ToString().ToLowerInvariant(), StackType.ObjectRef);
                case PrimitiveTypeCode.TypedReference: return new IlType("typedref", StackType.ValueType);
                default: return new IlType(typeCode.ToString().ToLowerInvariant(), StackType.Int32);
            }
        }

        public IlType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            string name = FullName(reader, handle);
            if (!IsValueType(handle)) return new IlType(name, StackType.ObjectRef);
            // An enum is its underlying integer on the stack: the type of its one instance field, value__.
            foreach (FieldDefinitionHandle field in reader.GetTypeDefinition(handle).GetFields())
            {
                FieldDefinition definition = reader.GetFieldDefinition(field);
                if (reader.GetString(definition.Name) == "value__")
                {
                    return new IlType(name, definition.DecodeSignature(this, null).Kind);
                }
            }
            return new IlType(name, StackType.ValueType);
        }

        public IlType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            string name = FullName(reader, handle);
            switch (name)
            {
                case "System.Single": return GetPrimitiveType(PrimitiveTypeCode.Single);
                case "System.Double": return GetPrimitiveType(PrimitiveTypeCode.Double);
                case "System.Int64": return GetPrimitiveType(PrimitiveTypeCode.Int64);
                case "System.UInt64": return GetPrimitiveType(PrimitiveTypeCode.UInt64);
                case "System.IntPtr": return GetPrimitiveType(PrimitiveTypeCode.IntPtr);
                case "System.UIntPtr": return GetPrimitiveType(PrimitiveTypeCode.UIntPtr);
                case "System.Boolean": case "System.Char": case "System.SByte": case "System.Byte":
                case "System.Int16": case "System.UInt16": case "System.Int32": case "System.UInt32":
                    return new IlType(name, StackType.Int32);
            }
            return new IlType(name, rawTypeKind == (byte)SignatureTypeKind.ValueType ? StackType.ValueType : StackType.ObjectRef);
        }

        public IlType GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            return reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        }

        public IlType GetSZArrayType(IlType elementType) => new(elementType.Name + "[]", StackType.ObjectRef);

        public IlType GetArrayType(IlType elementType, ArrayShape shape) => new(elementType.Name + "[,]", StackType.ObjectRef);

        public IlType GetByReferenceType(IlType elementType) => new(elementType.Name + "&", StackType.ManagedPointer);

        public IlType GetPointerType(IlType elementType) => new(elementType.Name + "*", StackType.NativeInt);

        public IlType GetFunctionPointerType(MethodSignature<IlType> signature) => new("method*", StackType.NativeInt);

        public IlType GetGenericInstantiation(IlType genericType, ImmutableArray<IlType> typeArguments)
            => new(genericType.Name + "<" + string.Join(",", typeArguments) + ">", genericType.Kind);

        public IlType GetGenericMethodParameter(object genericContext, int index) => new("!!" + index, StackType.ObjectRef);

        public IlType GetGenericTypeParameter(object genericContext, int index) => new("!" + index, StackType.ObjectRef);

        public IlType GetModifiedType(IlType modifier, IlType unmodifiedType, bool isRequired) => unmodifiedType;

        public IlType GetPinnedType(IlType elementType) => elementType;
    }
}
