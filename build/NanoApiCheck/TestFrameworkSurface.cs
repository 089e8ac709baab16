using System;

// The subset of nanoFramework.TestFramework 3.0's public API that the shared tests use, declared
// with the upstream signatures (source/TestFramework in nanoframework/nanoFramework.TestFramework)
// so that overload resolution matches the real package. Bodies never run: this project only compiles.
namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    public sealed class Assert
    {
        public static void IsTrue(bool condition, string message = "", string conditionExpression = "") { throw new NotImplementedException(); }
        public static void IsFalse(bool condition, string message = "", string conditionExpression = "") { throw new NotImplementedException(); }
        public static void AreEqual(bool expected, bool actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(byte expected, byte actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(char expected, char actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(double expected, double actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(float expected, float actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(int expected, int actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(long expected, long actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(object expected, object actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(short expected, short actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(string expected, string actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(uint expected, uint actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { throw new NotImplementedException(); }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { throw new NotImplementedException(); }
    }
}
