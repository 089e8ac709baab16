using System;
using System.Collections.Generic;
using System.Linq;

namespace Backprop.Nano.Cli
{
    /// <summary>What became of a message offered to the <see cref="FleetAggregator"/>.</summary>
    internal enum ModelOutcome
    {
        /// <summary>Taken into this round.</summary>
        Accepted,
        /// <summary>Taken, replacing the model the same board sent earlier in this round.</summary>
        Replaced,
        /// <summary>Dropped: not newer (by its step) than the last model taken from that board (a duplicate, or reordered).</summary>
        Stale,
        /// <summary>Dropped: failed validation (magic, CRC, bounds, truncation).</summary>
        Invalid,
        /// <summary>Dropped: a valid model of another shape than the fleet's.</summary>
        WrongShape,
        /// <summary>Dropped: a board not seen before while the table of boards is full (MaximumBoards).</summary>
        TableFull,
        /// <summary>Ignored: a board in quarantine after QuarantineAfter rejected or capped models in a row.</summary>
        Quarantined,
        /// <summary>Ignored: not a model topic of this fleet.</summary>
        Foreign,
    }

    /// <summary>
    /// The aggregator of bpnano fleet serve, without the broker: takes the boards' model payloads, drops what does not
    /// validate, does not fit or is not newer than what the board sent before (each counted), averages a round
    /// (<see cref="FederatedAverage"/>: sample counts capped, coordinates trimmed) once enough boards sent a model or enough time passed since the round's first one,
    /// and keeps the global model in a file replaced atomically (<see cref="ModelFile.Write"/>), whose sequence field
    /// is the round: a restart reads it and goes on counting.
    /// </summary>
    internal sealed class FleetAggregator
    {
        private readonly string _fleet;
        private readonly string _path;
        private readonly Dictionary<string, (long Step, DateTime Seen)> _boards = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _cappedRounds = new Dictionary<string, int>(StringComparer.Ordinal);
        // Per board: rejected or capped models in a row, and the quarantined boards with the time they are let out.
        private readonly Dictionary<string, int> _strikes = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTime> _quarantine = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        private TwoLayerNetwork _global, _scratch;
        private FederatedAverage _average;
        private byte[] _payload;
        private DateTime _roundStarted;
        private int _maximumPayload;

        /// <summary>
        /// An aggregator for <paramref name="fleet"/> that closes a round at <paramref name="roundModels"/> boards or
        /// <paramref name="roundTime"/> after the round's first model. <paramref name="path"/> (may be null) is the global
        /// model's file: when it holds a model, the fleet's shape, the global model and the round are taken from it.
        /// </summary>
        /// <exception cref="CliException">the file exists but is not a valid model.</exception>
        public FleetAggregator(string fleet, int roundModels, TimeSpan roundTime, string path)
        {
            FleetTopics.CheckName(fleet, nameof(fleet));
            if (roundModels < 1) throw new ArgumentOutOfRangeException(nameof(roundModels));
            _fleet = fleet;
            _path = path;
            RoundModels = roundModels;
            RoundTime = roundTime;
            if (path != null && System.IO.File.Exists(path))
            {
                byte[] bytes = ModelFile.ReadValid(path, "--model", out ModelHeader header);
                Shape(header);
                ModelFormat.Load(bytes, 0, bytes.Length, _global, null, null);
                Round = ModelPayload.RoundOf(header);
                GlobalSamples = header.Step;
                _payload = new byte[ModelPayload.SizeFor(_global, null)];
                ModelPayload.WriteGlobal(_payload, 0, _global, GlobalSamples, Round);
                Resumed = true;
            }
        }

        /// <summary>The most boards the aggregator remembers (the step it took last from each); a new board beyond is dropped and counted.</summary>
        public const int MaximumBoards = 10000;

        /// <summary>A board not heard from for this long is forgotten at the next round's close (its last step with it).</summary>
        public TimeSpan ForgetBoardsAfter { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Boards remembered now.</summary>
        public int KnownBoards => _boards.Count;

        public int RoundModels { get; }
        public TimeSpan RoundTime { get; }

        /// <summary>Rounds closed so far, counting those before a restart.</summary>
        public uint Round { get; private set; }

        /// <summary>True when the global model and round came from the file.</summary>
        public bool Resumed { get; }

        /// <summary>Boards averaged in the last round.</summary>
        public int LastRoundModels { get; private set; }

        /// <summary>Samples averaged into the last round.</summary>
        public long GlobalSamples { get; private set; }

        /// <summary>The global model's payload (also the file's bytes); null before the first round or resumed file.</summary>
        public byte[] GlobalPayload => _payload;

        /// <summary>The global model; null until the fleet's shape is known.</summary>
        public TwoLayerNetwork Global => _global;

        /// <summary>Boards with a model in the open round.</summary>
        public int Pending => _average?.Count ?? 0;

        public int Accepted { get; private set; }
        public int Replaced { get; private set; }
        public int Stale { get; private set; }
        public int Invalid { get; private set; }
        public int WrongShape { get; private set; }
        public int TableFull { get; private set; }

        /// <summary>Models whose sample count n_k a round capped (FederatedAverage.CapFactor), all boards and rounds together.</summary>
        public int Capped { get; private set; }

        /// <summary>The boards whose n_k the last round capped.</summary>
        public IReadOnlyList<string> LastCapped => _average == null ? Array.Empty<string>() : _average.LastCapped;

        /// <summary>Rounds in which each known board's n_k was capped (a board that claims too much, round after round, stands out; forgotten with the board).</summary>
        public IReadOnlyDictionary<string, int> CappedRounds => _cappedRounds;

        /// <summary>Rejected (invalid, wrong shape) or capped models in a row after which a board is quarantined.</summary>
        public const int QuarantineAfter = 3;

        /// <summary>How long a quarantined board's models are ignored.</summary>
        public TimeSpan QuarantineFor { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Models ignored because their board was in quarantine.</summary>
        public int QuarantinedModels { get; private set; }

        /// <summary>The boards in quarantine now, with the time each leaves it.</summary>
        public IReadOnlyDictionary<string, DateTime> Quarantine => _quarantine;

        /// <summary>Called with a board's name when it goes into quarantine (null: nobody is told).</summary>
        public Action<string> Quarantining { get; set; }

        /// <summary>Why the last dropped payload was dropped.</summary>
        public string LastRejection { get; private set; }

        /// <summary>Judges one message; a model that passes joins the open round.</summary>
        public ModelOutcome Offer(string topic, byte[] payload, DateTime now)
        {
            if (FleetTopics.TryParse(topic, out string fleet, out string device) != FleetTopicKind.Model || fleet != _fleet) return ModelOutcome.Foreign;
            if (_quarantine.TryGetValue(device, out DateTime until))
            {
                if (now < until)
                {
                    QuarantinedModels++;
                    LastRejection = device + ": in quarantine until " + until.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
                    return ModelOutcome.Quarantined;
                }
                _quarantine.Remove(device);
            }
            // Larger than a model of the fleet's shape with the largest standardizer can be: dropped before anything reads it.
            if (_global != null && payload.Length > _maximumPayload)
            {
                return Drop(ModelOutcome.Invalid, device, payload.Length + " bytes, more than a model of this fleet's shape (" + _maximumPayload + ")", now);
            }
            ModelHeader header;
            try
            {
                header = ModelFormat.Validate(payload, 0, payload.Length);
            }
            catch (ModelFormatException e)
            {
                return Drop(ModelOutcome.Invalid, device, e.Message, now);
            }
            // The first valid model decides the fleet's shape when no global model file did.
            if (_global == null) Shape(header);
            string mismatch = ModelFormat.Mismatch(header, _global, null);
            if (mismatch != null) return Drop(ModelOutcome.WrongShape, device, mismatch, now);
            bool known = _boards.TryGetValue(device, out (long Step, DateTime Seen) last);
            if (known && header.Step <= last.Step)
            {
                return Drop(ModelOutcome.Stale, device, "step " + header.Step + " is not newer than " + last.Step + " already taken", now);
            }
            if (!known && _boards.Count >= MaximumBoards) return Drop(ModelOutcome.TableFull, device, "a new board while " + MaximumBoards + " are known", now);
            ModelFormat.Load(payload, 0, payload.Length, _scratch, null, null);
            _boards[device] = (header.Step, now);
            if (_average.Count == 0) _roundStarted = now;
            if (_average.Put(device, _scratch.Parameters, ModelPayload.SamplesOf(header)))
            {
                Replaced++;
                return ModelOutcome.Replaced;
            }
            Accepted++;
            return ModelOutcome.Accepted;
        }

        /// <summary>True when the open round has enough boards, or has waited long enough with at least one.</summary>
        public bool RoundDue(DateTime now) => Pending >= RoundModels || (Pending > 0 && now - _roundStarted >= RoundTime);

        /// <summary>
        /// Closes the open round when it is due: averages it into the global model, saves the file (when there is one)
        /// and returns the payload to publish; null when the round is not due.
        /// </summary>
        /// <exception cref="CliException">the file cannot be written; the previous file is kept, the round is not counted and its models are dropped.</exception>
        public byte[] CloseRoundIfDue(DateTime now)
        {
            if (!RoundDue(now)) return null;
            LastRoundModels = _average.Count;
            long samples = _average.Close(_global.Parameters);
            ForgetSilentBoards(now);
            // A board averaged without a cap ends its run of rejected or capped models; a capped one adds to it.
            foreach (string device in _average.LastDevices)
            {
                if (!_average.LastCapped.Contains(device)) _strikes.Remove(device);
            }
            foreach (string device in _average.LastCapped)
            {
                Capped++;
                _cappedRounds[device] = _cappedRounds.GetValueOrDefault(device) + 1;
                Strike(device, now);
            }
            var payload = new byte[ModelPayload.SizeFor(_global, null)];
            ModelPayload.WriteGlobal(payload, 0, _global, samples, Round + 1);
            if (_path != null) ModelFile.Write(_path, payload, payload.Length);
            Round++;
            GlobalSamples = samples;
            _payload = payload;
            return payload;
        }

        // Boards not heard from for ForgetBoardsAfter leave the table, and their capped and strike counts with them; ended
        // quarantines leave theirs, also of names never heard from again: none of the per-board tables can grow without bound.
        private void ForgetSilentBoards(DateTime now)
        {
            List<string> silent = null, released = null;
            foreach (KeyValuePair<string, (long Step, DateTime Seen)> board in _boards)
            {
                if (now - board.Value.Seen > ForgetBoardsAfter) (silent ??= new List<string>()).Add(board.Key);
            }
            foreach (KeyValuePair<string, DateTime> quarantined in _quarantine)
            {
                if (quarantined.Value <= now) (released ??= new List<string>()).Add(quarantined.Key);
            }
            if (silent != null)
            {
                foreach (string device in silent)
                {
                    _boards.Remove(device);
                    _cappedRounds.Remove(device);
                    _strikes.Remove(device);
                }
            }
            if (released != null) foreach (string device in released) _quarantine.Remove(device);
        }

        private void Shape(ModelHeader header)
        {
            _maximumPayload = ModelFormat.SizeFor(header.InputCount, header.HiddenCount, header.OutputCount, OptimizerKind.Sgd, false, 4096);
            _global = new TwoLayerNetwork(header.InputCount, header.HiddenCount, header.OutputCount, header.HiddenActivation, header.OutputActivation);
            _scratch = new TwoLayerNetwork(header.InputCount, header.HiddenCount, header.OutputCount, header.HiddenActivation, header.OutputActivation);
            _average = new FederatedAverage(_global.Parameters.TotalLength);
        }

        // One more rejected or capped model of a board; QuarantineAfter in a row put it into quarantine (the table bounded as the boards').
        private void Strike(string device, DateTime now)
        {
            int strikes = _strikes.GetValueOrDefault(device) + 1;
            if (strikes < QuarantineAfter)
            {
                if (_strikes.Count < MaximumBoards || _strikes.ContainsKey(device)) _strikes[device] = strikes;
                return;
            }
            _strikes.Remove(device);
            if (_quarantine.Count >= MaximumBoards) return;
            _quarantine[device] = now + QuarantineFor;
            Quarantining?.Invoke(device);
        }

        private ModelOutcome Drop(ModelOutcome outcome, string device, string why, DateTime now)
        {
            if (outcome == ModelOutcome.Invalid || outcome == ModelOutcome.WrongShape) Strike(device, now);
            if (outcome == ModelOutcome.Invalid) Invalid++;
            else if (outcome == ModelOutcome.WrongShape) WrongShape++;
            else if (outcome == ModelOutcome.TableFull) TableFull++;
            else Stale++;
            LastRejection = device + ": " + why;
            return outcome;
        }
    }
}
