using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Backprop.Nano.Firmware")]
[assembly: AssemblyDescription("ESP32 application: trains Backprop.Nano on the device and reports the loss over a UART")]
[assembly: AssemblyProduct("Backprop.Nano")]
[assembly: AssemblyCopyright("Backprop.Nano contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
