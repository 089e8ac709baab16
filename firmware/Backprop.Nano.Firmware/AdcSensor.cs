using System;
using System.Device.Adc;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// ADC channels as an <see cref="ISensor"/>: one raw reading (counts, 0 to 4095 on the ESP32)
    /// per channel. The trainer standardizes the values, so no scaling here.
    /// </summary>
    public sealed class AdcSensor : ISensor
    {
        private readonly AdcChannel[] _channels;

        /// <summary>Opens the ADC controller and one channel per entry of <paramref name="channelNumbers"/>.</summary>
        /// <remarks>Only one AdcController may exist on the device: create one AdcSensor.</remarks>
        public AdcSensor(int[] channelNumbers)
        {
            if (channelNumbers == null || channelNumbers.Length == 0)
            {
                throw new ArgumentException("At least one ADC channel is needed.", "channelNumbers");
            }
            Controller = new AdcController();
            _channels = new AdcChannel[channelNumbers.Length];
            for (int c = 0; c < channelNumbers.Length; c++)
            {
                _channels[c] = Controller.OpenChannel(channelNumbers[c]);
            }
        }

        /// <summary>The device's ADC controller (MinValue, MaxValue, ResolutionInBits).</summary>
        public AdcController Controller { get; }

        /// <inheritdoc />
        public int ChannelCount
        {
            get { return _channels.Length; }
        }

        /// <inheritdoc />
        public void Read(float[] reading)
        {
            AdcChannel[] channels = _channels;
            for (int c = 0; c < channels.Length; c++)
            {
                reading[c] = channels[c].ReadValue();
            }
        }
    }
}
