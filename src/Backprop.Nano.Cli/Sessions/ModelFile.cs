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
        public void Save(TwoLayerNetwork network, SgdOptimizer optimizer, OnlineStandardizer standardizer, long step)
        {
            var bytes = new byte[ModelFormat.SizeFor(network, optimizer, standardizer)];
            int size = ModelFormat.Save(bytes, 0, network, optimizer, standardizer, step, sequence + 1);
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
            catch (Exception e) when (IsFileError(e))
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
        /// Checks that a save may write <paramref name="path"/>: its directory exists, and the file is new, empty or a
        /// model (by its magic; a corrupted model may be replaced). Anything else, such as a recording named by
        /// mistake, is refused rather than overwritten. Returns the sequence of the valid model there, 0 for none,
        /// so that the saves replacing it number on from it.
        /// </summary>
        /// <exception cref="CliException">the file must not or cannot be written.</exception>
        public static uint CheckReplaceable(string path, string option)
        {
            try
            {
                string directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (Directory.Exists(path)) throw new CliException(option + ": " + path + " is a directory.");
                if (directory != null && !Directory.Exists(directory)) throw new CliException(option + ": the directory " + directory + " does not exist.");
                byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : new byte[0];
                if (bytes.Length == 0) return 0;
                if (ModelFormat.ReadStoredHeader(bytes, 0, bytes.Length).Magic != ModelFormat.Magic)
                {
                    throw new CliException(option + ": " + path + " exists and is not a Backprop.Nano model; not replacing it.");
                }
                return ModelFormat.Validate(bytes, 0, bytes.Length).Sequence;
            }
            catch (ModelFormatException)
            {
                return 0;
            }
            catch (Exception e) when (IsFileError(e))
            {
                throw new CliException(option + ": cannot use " + path + ": " + e.Message, e);
            }
        }

        /// <summary>Replaces <paramref name="path"/> with the model in <paramref name="bytes"/>[0, count); returns its header, read back.</summary>
        /// <exception cref="CliException">the file cannot be written or does not read back as the model; the previous one is left as it was.</exception>
        public static ModelHeader Write(string path, byte[] bytes, int count)
        {
            string temporary = TemporaryPath(path);
            try
            {
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
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
            catch (Exception e) when (IsFileError(e) || e is ModelFormatException)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception cleanup) when (IsFileError(cleanup))
                {
                    // Only a leftover temporary file; the error that matters is the one being reported.
                }
                throw new CliException("cannot save the model to " + path + ": " + e.Message, e);
            }
        }

        /// <summary>
        /// Where a save of <paramref name="path"/> goes before the rename: next to it, so that the rename stays on one file
        /// system and is atomic, and named after the process, so that two runs saving to one file never share it.
        /// </summary>
        public static string TemporaryPath(string path) => path + "." + Environment.ProcessId + ".tmp";

        /// <summary>The exceptions that mean "this path cannot be used" (bad name, missing, locked, no permission) rather than a bug.</summary>
        public static bool IsFileError(Exception e) => e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException;
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
