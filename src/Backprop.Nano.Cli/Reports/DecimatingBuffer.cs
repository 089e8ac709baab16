using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// At most a fixed number of items from a stream of any length, spread evenly over it: when full, every second item is
    /// dropped and from then on only every second one is kept (then every fourth, ...). The latest item is always part of
    /// <see cref="ToArray"/>. A run of days keeps the shape of its curve in constant memory. Not thread-safe.
    /// </summary>
    internal sealed class DecimatingBuffer<T>(int capacity)
    {
        private readonly List<T> _items = new List<T>(capacity);
        private long _stride = 1, _seen;
        private T _latest;

        /// <summary>Items added so far (not only those kept).</summary>
        public long Seen => _seen;

        public void Add(T item)
        {
            if (_seen++ % _stride == 0)
            {
                _items.Add(item);
                if (_items.Count >= capacity)
                {
                    // Kept items are those at multiples of the stride; keeping every second one keeps the multiples of twice it.
                    int kept = 0;
                    for (int k = 0; k < _items.Count; k += 2) _items[kept++] = _items[k];
                    _items.RemoveRange(kept, _items.Count - kept);
                    _stride *= 2;
                }
            }
            _latest = item;
        }

        /// <summary>The kept items, oldest first, ending with the latest one added.</summary>
        public T[] ToArray()
        {
            // The items kept are those whose index is a multiple of the stride.
            bool latestKept = _seen > 0 && (_seen - 1) % _stride == 0;
            var all = new List<T>(_items);
            if (_seen > 0 && !latestKept) all.Add(_latest);
            return all.ToArray();
        }
    }
}
