using System;
using System.IO;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Model files on the desktop, in <see cref="ModelFormat"/>. A board keeps two checkpoint slots because a power
    /// cut can interrupt a write; here one file is replaced in a single rename instead, so a crash leaves either the
    /// previous model or the new one, never half of one. An instance is one --save file, the checkpoint target of a
    /// <see cref="TrainingSession"/>, numbering its saves on from the model it replaces.
    /// </summary>
    internal sealed class ModelFile(string path, uint sequence) : ICheckpointTarget
    {
        /// <summary>The header of the last save, as read back from the disk; Size 0 before the first.</summary>
        public ModelHeader LastSaved { get; private set; }

        /// <summary>Saves that succeeded so far.</summary>
        public int Saves { get; private set; }

        /// <summary>Replaces the file with this model; see <see cref="Write"/>.</summary>
        /// <exception cref="CliException">the file cannot be written; the previous one is left as it was.</exception>
        public void Save(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state, long step)
        {
            var bytes = new byte[ModelFormat.SizeFor(network, optimizer, standardizer, state)];
            int size = ModelFormat.Save(bytes, 0, network, optimizer, standardizer, state, step, sequence + 1);
            LastSaved = Write(path, bytes, size);
            sequence = LastSaved.Sequence;
            Saves++;
        }

        /// <summary>The whole file; <paramref name="option"/> (e.g. "--resume", null for an argument) named it, for the message.</summary>
        /// <exception cref="CliException">the file cannot be read.</exception>
        public static byte[] ReadAll(string path, string option)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (OutputFile.IsFileError(e))
            {
                throw new CliException((option != null ? option + ": " : "") + "cannot read the model file " + path + ": " + e.Message, e);
            }
        }

        /// <summary>The file, checked completely; <paramref name="header"/> is what it holds.</summary>
        /// <exception cref="CliException">the file cannot be read or is not a valid model; the message says why.</exception>
        public static byte[] ReadValid(string path, string option, out ModelHeader header)
        {
            byte[] bytes = ReadAll(path, option);
            try
            {
                header = ModelFormat.Validate(bytes, 0, bytes.Length);
                return bytes;
            }
            catch (ModelFormatException e)
            {
                throw new CliException(option + ": " + path + " is not a valid model: " + e.Message, e);
            }
        }

        /// <summary>
        /// Checks before a run that a save may write <paramref name="path"/> (<see cref="OutputFile.Check"/>): an existing model is
        /// replaced only when <paramref name="mayReplace"/> (--force, or --resume of the same file), and a file that is not a
        /// model only with --force. Returns the sequence of the valid model there, 0 for none, so that the saves replacing it
        /// number on from it.
        /// </summary>
        /// <exception cref="CliException">the file must not or cannot be written.</exception>
        public static uint CheckReplaceable(string path, string option, bool mayReplace, bool force)
        {
            if (!OutputFile.Check(path, option, true)) return 0;
            byte[] bytes = ReadAll(path, option);
            StoredHeader stored = ModelFormat.ReadStoredHeader(bytes, 0, bytes.Length);
            if (stored.Magic != ModelFormat.Magic && !force)
            {
                throw new CliException(option + ": " + path + " exists and is not a Backprop.Nano model; not replacing it (--force would).");
            }
            if (!mayReplace)
            {
                throw new CliException(option + ": " + path + " already holds a model (step " + stored.Step + "); add --force to replace it, "
                    + "or --resume " + path + " to train it on.");
            }
            try
            {
                return ModelFormat.Validate(bytes, 0, bytes.Length).Sequence;
            }
            catch (ModelFormatException)
            {
                // A damaged model may be replaced (with --force or by its own --resume, which would have failed first).
                return 0;
            }
        }

        /// <summary>Replaces <paramref name="path"/> with the model in <paramref name="bytes"/>[0, count); returns its header, read back.</summary>
        /// <exception cref="CliException">the file cannot be written or does not read back as the model; the previous one is left as it was.</exception>
        public static ModelHeader Write(string path, byte[] bytes, int count)
        {
            string temporary = OutputFile.TemporaryPath(path);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, count);
                    // On the disk before the rename: otherwise a power cut could leave the new name on empty data.
                    stream.Flush(true);
                }
                byte[] written = File.ReadAllBytes(temporary);
                ModelHeader header = ModelFormat.Validate(written, 0, written.Length);
                File.Move(temporary, path, true);
                return header;
            }
            catch (Exception e) when (OutputFile.IsFileError(e) || e is ModelFormatException)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception cleanup) when (OutputFile.IsFileError(cleanup))
                {
                    // Only a leftover temporary file; the error that matters is the one being reported.
                }
                throw new CliException("cannot save the model to " + path + ": " + e.Message, e);
            }
        }
    }

    /// <summary>A model file's bytes, read and checked, as the one slot of the <see cref="CheckpointStore"/> that <see cref="OnlineTrainer.ResumeFrom"/> takes.</summary>
    internal sealed class ModelBytes(byte[] bytes) : ICheckpointStorage
    {
        public int Read(int slot, byte[] buffer)
        {
            int count = slot == 0 ? Math.Min(buffer.Length, bytes.Length) : 0;
            Array.Copy(bytes, buffer, count);
            return count;
        }

        public void Write(int slot, byte[] buffer, int count) => throw new NotSupportedException("Saves go through ModelFile.Write.");
    }
}
