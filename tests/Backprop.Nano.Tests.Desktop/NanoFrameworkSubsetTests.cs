using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only: what compiling against nanoFramework's mscorlib cannot catch. Generic types
    /// and methods of our own, and multidimensional arrays, compile against any mscorlib but do
    /// not run on nanoFramework 1.x; the compiled shared library must contain none.
    /// </summary>
    [TestClass]
    public class NanoFrameworkSubsetTests
    {
        [TestMethod]
        public void Shared_library_defines_and_instantiates_no_generics_and_no_multidimensional_arrays()
        {
            string path = typeof(TwoLayerNetwork).Assembly.Location;
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();

            Assert.AreEqual(0, reader.GetTableRowCount(TableIndex.GenericParam), "generic parameters defined");
            Assert.AreEqual(0, reader.GetTableRowCount(TableIndex.MethodSpec), "generic methods instantiated");
            int typeSpecs = reader.GetTableRowCount(TableIndex.TypeSpec);
            for (int row = 1; row <= typeSpecs; row++)
            {
                TypeSpecification spec = reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
                BlobReader signature = reader.GetBlobReader(spec.Signature);
                SignatureTypeCode code = signature.ReadSignatureTypeCode();
                Assert.AreNotEqual(SignatureTypeCode.GenericTypeInstance, code, "generic type instantiated (TypeSpec " + row + ")");
                Assert.AreNotEqual(SignatureTypeCode.Array, code, "multidimensional array (TypeSpec " + row + ")");
            }
        }
    }
}
