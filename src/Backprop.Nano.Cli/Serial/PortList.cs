using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Ports;
using System.Linq;

namespace Backprop.Nano.Cli
{
    /// <summary>A serial port and what it is, as far as the system says (USB vendor:product and the bridge chip behind it).</summary>
    internal sealed record PortInfo(string Name, string UsbId, string Description);

    /// <summary>
    /// The serial ports of this machine, naming the USB-serial bridges ESP32 boards use. On Linux the USB ids come from
    /// /sys/class/tty/NAME/device (the interface; its USB device, with idVendor and idProduct, is a directory or two up).
    /// </summary>
    internal static class PortList
    {
        // Vendor:product of the bridges on ESP32 boards (and Espressif's own USB), as lsusb prints them.
        private static readonly Dictionary<string, string> Bridges = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["10c4:ea60"] = "Silicon Labs CP210x USB-serial bridge (ESP32 DevKitC and most ESP32 boards)",
            ["1a86:7523"] = "WCH CH340 USB-serial bridge (many ESP32 boards)",
            ["1a86:55d4"] = "WCH CH9102 USB-serial bridge (newer ESP32 DevKits)",
            ["0403:6001"] = "FTDI FT232 USB-serial bridge",
            ["0403:6010"] = "FTDI FT2232 (ESP-Prog, ESP-WROVER-KIT)",
            ["303a:1001"] = "Espressif USB JTAG/serial (ESP32-S3/C3/C6 native USB)",
        };

        /// <summary>The ports found: on Linux from <paramref name="sysClassTty"/> (a parameter for tests), elsewhere from .NET's list.</summary>
        public static List<PortInfo> Find(string sysClassTty = "/sys/class/tty")
        {
            if (!OperatingSystem.IsLinux() || !Directory.Exists(sysClassTty))
            {
                return SerialPort.GetPortNames().OrderBy(name => name, StringComparer.Ordinal).Select(name => new PortInfo(name, null, NameHint(name))).ToList();
            }
            var ports = new List<PortInfo>();
            foreach (string entry in Directory.GetFileSystemEntries(sysClassTty).OrderBy(name => name, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(entry), device = Path.Combine(entry, "device");
                // Virtual terminals and pseudo-terminals have no device; a legacy 8250 UART slot without hardware has type 0.
                if (!Directory.Exists(device)) continue;
                if (name.StartsWith("ttyS", StringComparison.Ordinal) && Read(Path.Combine(entry, "type")) == "0") continue;
                (string usbId, string product) = UsbDevice(device);
                string description = usbId != null && Bridges.TryGetValue(usbId, out string bridge) ? bridge : product ?? NameHint(name);
                ports.Add(new PortInfo("/dev/" + name, usbId, description));
            }
            return ports;
        }

        /// <summary>The ports as lines for a message: "  /dev/ttyUSB0  10c4:ea60  Silicon Labs CP210x ...", or a line saying there are none.</summary>
        public static IEnumerable<string> Lines(List<PortInfo> ports)
        {
            if (ports.Count == 0) return new[] { "no serial ports found: is the board plugged in (and its USB cable one that carries data)?" };
            int width = ports.Max(port => port.Name.Length);
            return ports.Select(port => port.Name.PadRight(width) + "  " + (port.UsbId ?? "").PadRight(9) + "  " + (port.Description ?? "")).Select(line => line.TrimEnd());
        }

        // The USB device above a tty's interface directory: vendor:product and the product string it reports.
        private static (string UsbId, string Product) UsbDevice(string device)
        {
            DirectoryInfo directory = new DirectoryInfo(device).ResolveLinkTarget(true) as DirectoryInfo ?? new DirectoryInfo(device);
            for (int up = 0; up < 4 && directory != null; up++, directory = directory.Parent)
            {
                string vendor = Read(Path.Combine(directory.FullName, "idVendor")), product = Read(Path.Combine(directory.FullName, "idProduct"));
                if (vendor != null && product != null) return (vendor + ":" + product, Read(Path.Combine(directory.FullName, "product")));
            }
            return (null, null);
        }

        private static string NameHint(string name)
        {
            if (name.Contains("SLAB_USBtoUART", StringComparison.Ordinal)) return Bridges["10c4:ea60"];
            if (name.Contains("wchusbserial", StringComparison.Ordinal)) return Bridges["1a86:7523"];
            if (name.Contains("ttyUSB", StringComparison.Ordinal)) return "USB-serial adapter";
            if (name.Contains("ttyACM", StringComparison.Ordinal)) return "USB CDC-ACM device (native USB boards)";
            return null;
        }

        private static string Read(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
