using System;

// The members of nanoFramework.System.IO.Ports, nanoFramework.System.Device.Adc, nanoFramework.System.Device.Gpio,
// nanoFramework.Hardware.Esp32 and nanoFramework.System.IO.FileSystem that the firmware uses,
// declared with the upstream signatures (nanoframework/System.IO.Ports SerialPort.cs,
// nanoframework/System.Device.Adc AdcController.cs and AdcChannel, nanoframework/System.Device.Gpio
// GpioController.cs, GpioPin.cs, PinMode.cs and PinValue.cs, nanoframework/nanoFramework.Hardware.Esp32
// Configuration.cs and DeviceFunction, nanoframework/System.IO.FileSystem File.cs and FileStream.cs).
// Bodies never run: this project only compiles.
namespace System.IO.Ports
{
    public enum Parity { None = 0, Odd, Even, Mark, Space }

    public enum StopBits { None = 0, One, Two, OnePointFive }

    public enum Handshake { None = 0, XOnXOff, RequestToSend, RequestToSendXOnXOff }

    public class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { throw new NotImplementedException(); }
        public int BaudRate { get; set; }
        public Parity Parity { get; set; }
        public int DataBits { get; set; }
        public StopBits StopBits { get; set; }
        public Handshake Handshake { get; set; }
        public int WriteTimeout { get; set; }
        public string NewLine { get; set; }
        public void Open() { throw new NotImplementedException(); }
        public void WriteLine(string text) { throw new NotImplementedException(); }
        public void Dispose() { throw new NotImplementedException(); }
    }
}

namespace System.Device.Adc
{
    public class AdcController
    {
        public AdcController() { throw new NotImplementedException(); }
        public int MaxValue { get { throw new NotImplementedException(); } }
        public int MinValue { get { throw new NotImplementedException(); } }
        public int ResolutionInBits { get { throw new NotImplementedException(); } }
        public AdcChannel OpenChannel(int channelNumber) { throw new NotImplementedException(); }
    }

    public class AdcChannel : IDisposable
    {
        public int ReadValue() { throw new NotImplementedException(); }
        public void Dispose() { throw new NotImplementedException(); }
    }
}

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown
    }

    public readonly struct PinValue
    {
        public static PinValue High { get { throw new NotImplementedException(); } }
        public static PinValue Low { get { throw new NotImplementedException(); } }
    }

    public sealed class GpioPin : IDisposable
    {
        public void Dispose() { throw new NotImplementedException(); }
    }

    public sealed class GpioController : IDisposable
    {
        public GpioController() { throw new NotImplementedException(); }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw new NotImplementedException(); }
        public void Write(int pinNumber, PinValue value) { throw new NotImplementedException(); }
        public void Dispose() { throw new NotImplementedException(); }
    }
}

namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM2_TX = 0x30200,
        COM2_RX = 0x30201,
        COM3_TX = 0x30300,
        COM3_RX = 0x30301,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function) { throw new NotImplementedException(); }
    }
}

namespace System.IO
{
    public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }

    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    public static class File
    {
        public static bool Exists(string path) { throw new NotImplementedException(); }
    }

    public class FileStream : IDisposable
    {
        public FileStream(string path, FileMode mode, FileAccess access) { throw new NotImplementedException(); }
        public int Read(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }
        public void Write(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }
        public void Flush() { throw new NotImplementedException(); }
        public void Dispose() { throw new NotImplementedException(); }
    }
}
