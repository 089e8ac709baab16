using System;
using System.Device.Adc;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// ADC channels as an <see cref="ISensor"/>: one raw reading (counts, 0 to 4095 on the ESP32)
    /// per channel. The trainer standardizes the values, so no scaling here; only a label channel
    /// (a classifier's) is turned into a class index.
    /// </summary>
    public sealed class AdcSensor : ISensor
    {
        private readonly AdcChannel[] _channels;
        private readonly int _labelChannel, _classCount, _maxValue;

        /// <summary>Opens the ADC controller and one channel per entry of <paramref name="channelNumbers"/>.</summary>
        /// <remarks>Only one AdcController may exist on the device: create one AdcSensor.</remarks>
        public AdcSensor(int[] channelNumbers) : this(channelNumbers, -1, 2)
        {
        }

        /// <summary>
        /// As above, with entry <paramref name="labelChannel"/> (-1: none) read as a class: its counts
        /// mapped to the nearest of <paramref name="classCount"/> evenly spaced levels from 0 to MaxValue.
        /// </summary>
        public AdcSensor(int[] channelNumbers, int labelChannel, int classCount)
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
            if (labelChannel < -1 || labelChannel >= channelNumbers.Length)
            {
                throw new ArgumentOutOfRangeException("labelChannel", "LabelChannel must be -1 or an index into AdcChannels.");
            }
            if (classCount < 2) throw new ArgumentOutOfRangeException("classCount", "ClassCount must be at least 2.");
            _labelChannel = labelChannel;
            _classCount = classCount;
            _maxValue = Controller.MaxValue;
            if (_maxValue < 1) throw new InvalidOperationException("The ADC reports a MaxValue of " + _maxValue + ".");
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
                int counts = channels[c].ReadValue();
                reading[c] = c == _labelChannel ? ClassOf(counts) : counts;
            }
        }

        // The nearest level in whole numbers (no float conversion to get wrong on nanoCLR); clamped,
        // so a reading outside 0..MaxValue is the first or last class rather than a bad label.
        private int ClassOf(int counts)
        {
            int max = _maxValue;
            if (counts < 0) counts = 0;
            if (counts > max) counts = max;
            return (counts * (_classCount - 1) + max / 2) / max;
        }
    }
}
