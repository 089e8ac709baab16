using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>Two serial devices joined back to back: bytes written to PortA come out of PortB and back.</summary>
    internal interface IPtyPair : IDisposable
    {
        string PortA { get; }

        string PortB { get; }
    }

    internal static class PtyPair
    {
        /// <summary>
        /// socat's pair where socat is installed (CI installs it), else <see cref="InProcessPtyPair"/>,
        /// so that `dotnet test` passes on a machine with only the .NET SDK. Both are real
        /// pseudo-terminals that System.IO.Ports opens like a USB-serial adapter.
        /// </summary>
        public static IPtyPair Start(string directory)
        {
            return SocatPair.FindSocat() != null ? SocatPair.Start(directory) : InProcessPtyPair.Start(directory);
        }
    }

    /// <summary>
    /// What socat's `pty,raw,echo=0` pair does, in-process: two pseudo-terminals whose master sides
    /// a thread joins, with links DIR/ttyA and DIR/ttyB to their device files. Disposing hangs both up
    /// and removes the links, as unplugging a board does.
    /// </summary>
    internal sealed class InProcessPtyPair : IPtyPair
    {
        private const int ReadWrite = 2, NoControllingTerminal = 0x100, SetNow = 0;
        private readonly Pty _a, _b;
        private readonly Thread _relay;
        private volatile bool _stopping;

        private InProcessPtyPair(string directory)
        {
            _a = new Pty();
            _b = new Pty();
            PortA = Path.Combine(directory, "ttyA");
            PortB = Path.Combine(directory, "ttyB");
            File.CreateSymbolicLink(PortA, _a.DevicePath);
            File.CreateSymbolicLink(PortB, _b.DevicePath);
            _relay = new Thread(Relay) { IsBackground = true, Name = "pty relay" };
            _relay.Start();
        }

        public string PortA { get; }

        public string PortB { get; }

        public static InProcessPtyPair Start(string directory) => new InProcessPtyPair(directory);

        public void Dispose()
        {
            _stopping = true;
            _relay.Join(2000);
            _a.Dispose();
            _b.Dispose();
            File.Delete(PortA);
            File.Delete(PortB);
        }

        // Copies whatever either master side has to the other, polling so that Dispose can stop it.
        private void Relay()
        {
            var buffer = new byte[4096];
            var fds = new PollFd[2];
            while (!_stopping)
            {
                fds[0] = new PollFd { Fd = _a.Master, Events = 1 };
                fds[1] = new PollFd { Fd = _b.Master, Events = 1 };
                if (poll(fds, 2, 50) <= 0) continue;
                for (int k = 0; k < 2; k++)
                {
                    if ((fds[k].Revents & 1) == 0) continue;
                    int from = k == 0 ? _a.Master : _b.Master, to = k == 0 ? _b.Master : _a.Master;
                    long count = read(from, buffer, buffer.Length);
                    for (long written = 0; count > 0 && written < count;)
                    {
                        long n = write(to, buffer[(int)written..], (int)(count - written));
                        if (n <= 0) break;
                        written += n;
                    }
                }
            }
        }

        /// <summary>One pseudo-terminal, raw, with its device side held open so the master never sees a hang-up early.</summary>
        private sealed class Pty : IDisposable
        {
            private readonly int _device;

            public Pty()
            {
                Master = posix_openpt(ReadWrite | NoControllingTerminal);
                if (Master < 0 || grantpt(Master) != 0 || unlockpt(Master) != 0) throw new IOException("posix_openpt failed: " + Marshal.GetLastPInvokeError());
                DevicePath = Marshal.PtrToStringAnsi(ptsname(Master));
                _device = open(DevicePath, ReadWrite | NoControllingTerminal);
                // termios is opaque here: cfmakeraw fills it the way socat's raw,echo=0 does.
                var termios = new byte[256];
                if (_device < 0 || tcgetattr(_device, termios) != 0) throw new IOException("cannot open " + DevicePath);
                cfmakeraw(termios);
                tcsetattr(_device, SetNow, termios);
            }

            public int Master { get; }

            public string DevicePath { get; }

            public void Dispose()
            {
                close(_device);
                close(Master);
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
        [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
        [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
        [DllImport("libc")] private static extern IntPtr ptsname(int fd);
        [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags);
        [DllImport("libc")] private static extern int close(int fd);
        [DllImport("libc")] private static extern int tcgetattr(int fd, byte[] termios);
        [DllImport("libc")] private static extern void cfmakeraw(byte[] termios);
        [DllImport("libc")] private static extern int tcsetattr(int fd, int action, byte[] termios);
        [DllImport("libc")] private static extern int poll([In, Out] PollFd[] fds, int count, int timeoutMs);
        [DllImport("libc")] private static extern long read(int fd, byte[] buffer, long count);
        [DllImport("libc")] private static extern long write(int fd, byte[] buffer, long count);
    }
}
