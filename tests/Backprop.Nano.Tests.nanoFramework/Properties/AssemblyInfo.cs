using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Backprop.Nano's shared tests, run by the nanoFramework test adapter")]
[assembly: AssemblyProduct("Backprop.Nano")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
