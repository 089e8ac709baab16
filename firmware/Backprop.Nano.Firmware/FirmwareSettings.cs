namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// Every setting of the firmware in one place. The defaults suit a bare ESP32 DevKit
    /// (ESP32-WROOM-32, no PSRAM): change them here and redeploy.
    /// </summary>
    public sealed class FirmwareSettings
    {
        /// <summary>
        /// UART for the report lines. COM1 is the debugger link (the board's USB port), so the
        /// reports go to COM2 (ESP32 UART1) on the pins below. COM3 is accepted too.
        /// </summary>
        public string PortName { get; set; } = "COM2";

        /// <summary>
        /// GPIO for the UART's TX; wire it to the USB-serial adapter's RX. GPIO17 is free on a
        /// WROOM-32 DevKit; on WROVER modules GPIO16/17 belong to the PSRAM, use 33 (TX) and 32 (RX) there.
        /// Never use GPIO6 to GPIO11 (the flash) or GPIO34 to GPIO39 (input only).
        /// </summary>
        public int TxPin { get; set; } = 17;

        /// <summary>GPIO for the UART's RX (mapped as the sample does, though nothing is read).</summary>
        public int RxPin { get; set; } = 16;

        /// <summary>Baud rate of the report UART (8 data bits, no parity, 1 stop bit).</summary>
        public int BaudRate { get; set; } = 115200;

        /// <summary>
        /// true (default): read the ADC channels below, e.g. a potentiometer or a light sensor on
        /// GPIO34. An unconnected GPIO34 floats, so without a sensor the network learns noise:
        /// set this to false to train on the built-in synthetic signal (SyntheticSensor.CreateDefault) instead.
        /// </summary>
        public bool UseAdc { get; set; } = true;

        /// <summary>
        /// ADC channel numbers, one per sensor channel (not GPIO numbers): on the ESP32,
        /// channel 6 is ADC1_CH6 = GPIO34. Keep to ADC1 (channels 0 to 7), which works alongside Wi-Fi.
        /// </summary>
        public int[] AdcChannels { get; set; } = new int[] { 6 };

        /// <summary>
        /// -1 (default): regression, as described above. An index into AdcChannels (not an ADC channel number):
        /// that channel gives the class of each reading and the firmware trains a classifier of ClassCount classes
        /// on the other channels (Trainer.LabelChannel and Trainer.ClassCount are set from these two at start-up).
        /// Its counts are mapped to ClassCount evenly spaced classes, nearest first: a push button between 3V3 and
        /// the pin (with a 10 kΩ pull-down) gives class 0 released and 1 pressed; a selector switch on a resistor
        /// ladder gives one class per position. The report lines then end with acc and bad_labels.
        /// </summary>
        public int LabelChannel { get; set; } = -1;

        /// <summary>Classes of the classifier (LabelChannel set, or SyntheticClasses), at least 2.</summary>
        public int ClassCount { get; set; } = 2;

        /// <summary>
        /// With UseAdc false: true trains a classifier on the built-in three-class signal (SyntheticClassSensor.CreateDefault:
        /// a sine of one of three periods, and its class) instead of the default synthetic sensor; LabelChannel and
        /// ClassCount are then taken from that sensor.
        /// </summary>
        public bool SyntheticClasses { get; set; } = false;

        /// <summary>
        /// Pause after each reading, in milliseconds (20 ms: at most 50 readings a second; the
        /// training step adds its own time to each period).
        /// </summary>
        public int SamplePeriodMilliseconds { get; set; } = 20;

        /// <summary>
        /// Drive for the two checkpoint files (bpnano-a.bin, bpnano-b.bin); "I:" is the internal
        /// flash. Empty: no checkpoints, every boot starts from fresh weights.
        /// </summary>
        public string CheckpointDrive { get; set; } = "I:";

        /// <summary>Training steps between checkpoints (a flash write each time: LittleFS spreads the wear).</summary>
        public int CheckpointInterval { get; set; } = 5000;

        /// <summary>
        /// GPIO driven high while an anomaly alert holds (an LED, or a relay through a driver), low
        /// otherwise; -1 (default) for none. Any free output-capable GPIO, e.g. 2 (the DevKit's blue LED).
        /// Thresholds and hold time are in Trainer (AlertThreshold, AlertHoldReadings).
        /// </summary>
        public int AlertPin { get; set; } = -1;

        /// <summary>
        /// false (default): learn on the device. true: the detector mode: load the newest trained model
        /// from the checkpoint files, never learn or save, only predict and score each reading
        /// (cheaper per reading). Needs CheckpointDrive and a model saved there; without one the
        /// firmware says so and learns instead.
        /// </summary>
        public bool DetectorMode { get; set; } = false;

        /// <summary>
        /// true: before training, time Forward, TrainStep and SgdOptimizer.Step (momentum 0.9;
        /// mini-batch 8) on this board for the desktop benchmarks' shapes 2-10-1, 8-32-4, 16-64-8
        /// and 32-128-8 and write one key:value line per shape (inputs, hidden, outputs,
        /// forward_us, train_us, momentum_us, batch8_us, adam_us, bytes) to the UART.
        /// </summary>
        public bool RunBenchmarkAtStart { get; set; } = false;

        /// <summary>Calls timed per operation and shape by the start-up benchmark.</summary>
        public int BenchmarkSteps { get; set; } = 200;

        /// <summary>
        /// false (default): no Wi-Fi, no broker, the board works from its UART alone. true: also join the
        /// fleet (FleetLink): report lines and, every ModelPublishInterval steps, the model to the MQTT broker,
        /// and the fleet's global model taken in when it arrives. Training never waits for the network.
        /// </summary>
        public bool FleetEnabled { get; set; } = false;

        /// <summary>Wi-Fi network name. Saved in the board's network configuration by the Wi-Fi library.</summary>
        public string WifiSsid { get; set; } = "";

        /// <summary>Wi-Fi password. A secret: the firmware never prints it.</summary>
        public string WifiPassword { get; set; } = "";

        /// <summary>Broker host name or IP address.</summary>
        public string BrokerHost { get; set; } = "";

        /// <summary>Broker port: 1883 for plain MQTT; a broker with TLS usually listens on 8883.</summary>
        public int BrokerPort { get; set; } = 1883;

        /// <summary>Broker user name; empty: connect without user name and password.</summary>
        public string BrokerUsername { get; set; } = "";

        /// <summary>Broker password. A secret: the firmware never prints it.</summary>
        public string BrokerPassword { get; set; } = "";

        /// <summary>
        /// The CA certificate (PEM text, "-----BEGIN CERTIFICATE-----" ...) that signed the broker's certificate.
        /// Empty (default): plain MQTT. Set: TLS 1.2 to BrokerPort, the broker's certificate checked against it,
        /// which needs the board's clock (Wi-Fi waits for the time from SNTP first).
        /// </summary>
        public string BrokerCaCertificatePem { get; set; } = "";

        /// <summary>The fleet: the topic tree bpnano/&lt;fleet&gt;/... (1 to 64 characters, no '/', '+', '#' or spaces).</summary>
        public string FleetName { get; set; } = "default";

        /// <summary>This board's name in the fleet, and its MQTT client id: unique within the fleet (same rules as FleetName).</summary>
        public string DeviceName { get; set; } = "board1";

        /// <summary>Training steps between two models published to bpnano/&lt;fleet&gt;/&lt;device&gt;/model.</summary>
        public int ModelPublishInterval { get; set; } = 1000;

        /// <summary>
        /// How much of the fleet's global model a board takes when it arrives: w = (1 - blend) w + blend w_global,
        /// in [0, 1]; 1 (default) replaces the board's weights, 0 ignores the fleet.
        /// </summary>
        public float GlobalBlend { get; set; } = 1f;

        /// <summary>
        /// Network shape, learning rate, window, report interval and the rest, with the library's
        /// defaults. ChannelCount is set from the sensor at start-up, LabelChannel and ClassCount from the settings above.
        /// The optimizer is SGD by default; Adam is <c>Optimizer = OptimizerKind.Adam</c> with <c>Beta1</c>, <c>Beta2</c>,
        /// <c>Epsilon</c> (the paper's 0.9, 0.999, 1e-8 by default) and, as the paper suggests, <c>LearningRate = 0.001f</c>.
        /// </summary>
        public OnlineTrainerSettings Trainer { get; set; } = new OnlineTrainerSettings();
    }
}
