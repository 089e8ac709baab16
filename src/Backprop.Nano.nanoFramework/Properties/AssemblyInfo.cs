using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Backprop.Nano")]
[assembly: AssemblyDescription("Two-layer neural network trained on the device, for .NET nanoFramework")]
[assembly: AssemblyProduct("Backprop.Nano")]
[assembly: AssemblyCopyright("Backprop.Nano contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
