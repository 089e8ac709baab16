using System.Device.Gpio;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// An LED or a relay on a GPIO that is on (high) while the trainer's alert holds.
    /// </summary>
    public sealed class AlertOutput
    {
        private readonly GpioController _controller;
        private readonly int _pin;
        private bool _on;

        /// <summary>Opens <paramref name="pin"/> as an output, off.</summary>
        public AlertOutput(int pin)
        {
            _pin = pin;
            _controller = new GpioController();
            _controller.OpenPin(pin, PinMode.Output);
            _controller.Write(pin, PinValue.Low);
        }

        /// <summary>Switches the output to <paramref name="on"/>; a GPIO write only when that changes it.</summary>
        public void Show(bool on)
        {
            if (on == _on) return;
            _on = on;
            _controller.Write(_pin, on ? PinValue.High : PinValue.Low);
        }
    }
}
