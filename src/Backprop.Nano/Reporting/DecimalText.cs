namespace Backprop.Nano
{
    /// <summary>
    /// Culture-free decimal text for floats, identical on every runtime: six significant digits,
    /// fixed notation for 1e-4 &lt;= |v| &lt; 1e6 ("0.0123457", "850.5"), else scientific ("1.5e-7");
    /// "nan", "inf", "-inf" for the non-finite values.
    /// </summary>
    /// <remarks>
    /// float.ToString differs between desktop .NET (culture, shortest round-trip) and nanoFramework,
    /// and the report lines must read the same from a board and from the desktop CLI.
    /// </remarks>
    public static class DecimalText
    {
        private const int SignificantDigits = 6;

        /// <summary>The text of <paramref name="value"/>; allocates the string.</summary>
        public static string Format(float value)
        {
            if (float.IsNaN(value)) return "nan";
            if (float.IsPositiveInfinity(value)) return "inf";
            if (float.IsNegativeInfinity(value)) return "-inf";
            if (value == 0f) return "0";

            bool negative = value < 0f;
            double scaled = negative ? -(double)value : value;
            int exponent = 0;
            while (10.0 <= scaled) { scaled /= 10.0; exponent++; }
            while (scaled < 1.0) { scaled *= 10.0; exponent--; }
            long digits = (long)(scaled * 100000.0 + 0.5);
            if (digits >= 1000000) { digits /= 10; exponent++; }

            var significant = new char[SignificantDigits];
            for (int k = SignificantDigits - 1; k >= 0; k--)
            {
                significant[k] = (char)('0' + (int)(digits % 10));
                digits /= 10;
            }

            var text = new char[32];
            int length = 0;
            if (negative) text[length++] = '-';
            if (exponent >= -4 && exponent < 6)
            {
                if (exponent < 0)
                {
                    text[length++] = '0';
                    text[length++] = '.';
                    for (int k = -1; k > exponent; k--) text[length++] = '0';
                    length = AppendDigits(text, length, significant, 0);
                }
                else
                {
                    for (int k = 0; k <= exponent; k++) text[length++] = significant[k];
                    int withPoint = length;
                    text[length++] = '.';
                    length = AppendDigits(text, length, significant, exponent + 1);
                    if (length == withPoint + 1) length = withPoint;
                }
            }
            else
            {
                text[length++] = significant[0];
                int withPoint = length;
                text[length++] = '.';
                length = AppendDigits(text, length, significant, 1);
                if (length == withPoint + 1) length = withPoint;
                text[length++] = 'e';
                string exponentText = exponent.ToString();
                for (int k = 0; k < exponentText.Length; k++) text[length++] = exponentText[k];
            }
            return new string(text, 0, length);
        }

        /// <summary>
        /// Parses text[start, end) as written by <see cref="Format"/> (or any plain decimal with an
        /// optional exponent). False for anything else; never throws.
        /// </summary>
        public static bool TryParse(string text, int start, int end, out double value)
        {
            value = 0;
            if (text == null || start < 0 || end > text.Length || start >= end) return false;
            if (Matches(text, start, end, "nan")) { value = double.NaN; return true; }
            if (Matches(text, start, end, "inf")) { value = double.PositiveInfinity; return true; }
            if (Matches(text, start, end, "-inf")) { value = double.NegativeInfinity; return true; }

            int position = start;
            bool negative = text[position] == '-';
            if (negative || text[position] == '+') position++;

            double mantissa = 0;
            int digitCount = 0, decimals = 0;
            bool seenPoint = false;
            for (; position < end; position++)
            {
                char c = text[position];
                if (c >= '0' && c <= '9')
                {
                    // Digits past the 17th cannot change a double; they only shift the exponent.
                    if (digitCount < 17) { mantissa = mantissa * 10 + (c - '0'); if (seenPoint) decimals++; }
                    else if (!seenPoint) decimals--;
                    digitCount++;
                }
                else if (c == '.' && !seenPoint) seenPoint = true;
                else break;
            }
            if (digitCount == 0) return false;

            int exponent = 0;
            if (position < end && (text[position] == 'e' || text[position] == 'E'))
            {
                position++;
                bool negativeExponent = position < end && text[position] == '-';
                if (position < end && (text[position] == '-' || text[position] == '+')) position++;
                int exponentDigits = 0;
                for (; position < end && text[position] >= '0' && text[position] <= '9'; position++)
                {
                    if (++exponentDigits > 3) return false;
                    exponent = exponent * 10 + (text[position] - '0');
                }
                if (exponentDigits == 0) return false;
                if (negativeExponent) exponent = -exponent;
            }
            if (position != end) return false;

            int power = exponent - decimals;
            for (; power > 0; power--) mantissa *= 10;
            for (; power < 0; power++) mantissa /= 10;
            value = negative ? -mantissa : mantissa;
            return true;
        }

        private static int AppendDigits(char[] text, int length, char[] significant, int from)
        {
            int last = SignificantDigits - 1;
            while (last >= from && significant[last] == '0') last--;
            for (int k = from; k <= last; k++) text[length++] = significant[k];
            return length;
        }

        private static bool Matches(string text, int start, int end, string word)
        {
            if (end - start != word.Length) return false;
            for (int k = 0; k < word.Length; k++)
            {
                if (text[start + k] != word[k]) return false;
            }
            return true;
        }
    }
}
