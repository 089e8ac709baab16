using System;
using System.IO;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One model file on the desktop as the <see cref="ICheckpointStorage"/> of a <see cref="CheckpointStore"/>.
    /// A board needs two slots because a power loss can cut a write short; here a write goes to a temporary
    /// file that then replaces the model in one rename, so a crash leaves either the old or the new model,
    /// never half of one. Both slots therefore map to the same file: it is the slot last written (slot 0 until
    /// the first write), the other slot reads as empty (so the store sees one valid slot and numbers the saves
    /// on from its sequence, and reads back the slot it wrote), and a write to either slot replaces it.
    /// </summary>
    public sealed class ModelFile : ICheckpointStorage
    {
        private int _fileSlot;

        /// <summary>The file <paramref name="path"/>; nothing is read or written yet.</summary>
        public ModelFile(string path)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
        }

        /// <summary>The model file.</summary>
        public string Path { get; }

        /// <summary>Saves written through this object.</summary>
        public int Writes { get; private set; }

        /// <summary>The whole file, for <see cref="ModelFormat.Validate"/>.</summary>
        /// <param name="path">the file.</param>
        /// <param name="option">the option that named the file (e.g. "--resume"), for the message; null for an argument.</param>
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

        /// <summary>The model as saved by <see cref="CheckpointStore"/>, checked completely.</summary>
        /// <exception cref="CliException">the file cannot be read or is not a valid model; the message says why.</exception>
        public static ModelHeader ReadHeader(string path, string option)
        {
            byte[] bytes = ReadAll(path, option);
            try
            {
                return ModelFormat.Validate(bytes, 0, bytes.Length);
            }
            catch (ModelFormatException e)
            {
                throw new CliException((option != null ? option + ": " : "") + path + " is not a valid model: " + e.Message, e);
            }
        }

        /// <summary>
        /// Checks that a save may write <paramref name="path"/>: its directory exists, and the file is new, empty or a
        /// model (by its magic; a corrupted model may be replaced). Anything else, such as a recording named by
        /// mistake, is refused rather than overwritten.
        /// </summary>
        /// <exception cref="CliException">the file must not or cannot be written.</exception>
        public static void CheckReplaceable(string path, string option)
        {
            try
            {
                string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
                if (Directory.Exists(path)) throw new CliException(option + ": " + path + " is a directory.");
                if (directory != null && !Directory.Exists(directory)) throw new CliException(option + ": the directory " + directory + " does not exist.");
                if (!File.Exists(path)) return;
                var start = new byte[4];
                int read;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    if (stream.Length == 0) return;
                    read = stream.ReadAtLeast(start, start.Length, false);
                }
                if (ModelFormat.ReadStoredHeader(start, 0, read).Magic != ModelFormat.Magic)
                {
                    throw new CliException(option + ": " + path + " exists and is not a Backprop.Nano model; not replacing it.");
                }
            }
            catch (Exception e) when (IsFileError(e))
            {
                throw new CliException(option + ": cannot use " + path + ": " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public int Read(int slot, byte[] buffer)
        {
            if (slot != _fileSlot || !File.Exists(Path)) return 0;
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            int total = 0, read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
            return total;
        }

        /// <inheritdoc />
        /// <exception cref="CliException">the file cannot be written (the previous model, if any, is left as it was).</exception>
        public void Write(int slot, byte[] buffer, int count)
        {
            // Next to the model, so that the rename stays on one file system and is atomic.
            string temporary = Path + ".tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    stream.Write(buffer, 0, count);
                    // On the disk before the rename: otherwise a power cut could leave the new name on empty data.
                    stream.Flush(true);
                }
                File.Move(temporary, Path, true);
                _fileSlot = slot;
                Writes++;
            }
            catch (Exception e) when (IsFileError(e))
            {
                TryDelete(temporary);
                throw new CliException("cannot save the model to " + Path + ": " + e.Message, e);
            }
        }

        /// <summary>The exceptions that mean "this path cannot be used" (bad name, missing, locked, no permission) rather than a bug.</summary>
        public static bool IsFileError(Exception e)
        {
            return e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException;
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (IsFileError(e))
            {
                // Only a leftover temporary file; the error that matters is the one being reported.
            }
        }
    }
}
