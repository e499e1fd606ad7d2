#include "receipts/EscPosEncoder.h"

#include <QHash>
#include <array>
#include <initializer_list>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr char kEsc = 0x1B;
constexpr char kGs = 0x1D;
constexpr char kLineFeed = 0x0A;
// ESC t n: the code page numbers of Epson-compatible printers.
constexpr char kCodePage437 = 0;
constexpr char kCodePage858 = 19;
// ESC p m t1 t2: pulse pin 2 (m = 0) on for 25 x 2 ms, off for 250 x 2 ms,
// what most cash drawers expect.
constexpr char kDrawerPin = 0;
constexpr unsigned char kDrawerOnTime = 25;
constexpr unsigned char kDrawerOffTime = 250;
constexpr char kDoubleHeight = 0x01;  // GS ! n: height x2, width x1
constexpr char kBarcodeHeightDots = 80;
constexpr char kBarcodeModuleWidth = 2;
constexpr char kBarcodeTextBelow = 2;     // GS H n: the human-readable text under the bars
constexpr char kBarcodeCode128 = 73;      // GS k m: CODE128, length-prefixed
constexpr int kMaxBarcodeLength = 250;

// The characters 0x80..0xFF of each code page, as Unicode.
constexpr std::array<char16_t, 128> kCp437 = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};
constexpr std::array<char16_t, 128> kCp858 = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0,
    0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
    0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x20AC, 0x00CD, 0x00CE,
    0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
    0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
    0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
    0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
    0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

// QByteArray has no list constructor: {27, '@'} would mean 27 times '@'.
QByteArray bytesOf(std::initializer_list<char> chars)
{
    QByteArray bytes;
    for (char c : chars)
        bytes.append(c);
    return bytes;
}

const QHash<char16_t, char> &reverseTable(PrinterCodePage codePage)
{
    static const QHash<char16_t, char> cp437 = [] {
        QHash<char16_t, char> table;
        for (int i = 0; i < 128; ++i)
            table.insert(kCp437[i], char(0x80 + i));
        return table;
    }();
    static const QHash<char16_t, char> cp858 = [] {
        QHash<char16_t, char> table;
        for (int i = 0; i < 128; ++i)
            table.insert(kCp858[i], char(0x80 + i));
        return table;
    }();
    return codePage == PrinterCodePage::Cp437 ? cp437 : cp858;
}

// Spellings for characters that no code page here has, or that decompose
// to nothing useful.
QByteArray spelledOut(char16_t c)
{
    switch (c) {
    case u'\u20AC': return "EUR";
    case u'\u2018': case u'\u2019': case u'\u201A': return "'";
    case u'\u201C': case u'\u201D': case u'\u201E': return "\"";
    case u'\u2013': case u'\u2014': case u'\u2212': return "-";
    case u'\u2026': return "...";
    case u'\u00A0': case u'\u2009': case u'\u202F': return " ";
    case u'\u00DF': return "ss";
    case u'\u00C6': return "AE";
    case u'\u00E6': return "ae";
    case u'\u0152': return "OE";
    case u'\u0153': return "oe";
    case u'\u00D8': return "O";
    case u'\u00F8': return "o";
    case u'\u0141': return "L";
    case u'\u0142': return "l";
    case u'\u2122': return "TM";
    case u'\u00A9': return "(c)";
    case u'\u00AE': return "(R)";
    default: return {};
    }
}

} // namespace

QByteArray EscPosEncoder::initialize()
{
    return bytesOf({kEsc, '@'});
}

QByteArray EscPosEncoder::selectCodePage(PrinterCodePage codePage)
{
    return bytesOf({kEsc, 't', codePage == PrinterCodePage::Cp437 ? kCodePage437 : kCodePage858});
}

QByteArray EscPosEncoder::cut()
{
    return bytesOf({kGs, 'V', 0});
}

QByteArray EscPosEncoder::drawerKick()
{
    return bytesOf({kEsc, 'p', kDrawerPin, char(kDrawerOnTime), char(kDrawerOffTime)});
}

QByteArray EscPosEncoder::code128(const QString &text)
{
    // Code set B covers printable ASCII; anything else cannot be scanned back.
    QByteArray data("{B");
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7F)
            return {};
        data.append(char(c.unicode()));
    }
    if (text.isEmpty() || text.size() > kMaxBarcodeLength)
        return {};
    QByteArray bytes = bytesOf({kEsc, 'a', 1});
    bytes += bytesOf({kGs, 'h', kBarcodeHeightDots});
    bytes += bytesOf({kGs, 'w', kBarcodeModuleWidth});
    bytes += bytesOf({kGs, 'H', kBarcodeTextBelow});
    bytes += bytesOf({kGs, 'k', kBarcodeCode128, char(data.size())});
    bytes += data;
    bytes += kLineFeed;
    bytes += bytesOf({kEsc, 'a', 0});
    return bytes;
}

QByteArray EscPosEncoder::transliterate(const QString &text, PrinterCodePage codePage)
{
    const QHash<char16_t, char> &table = reverseTable(codePage);
    QByteArray bytes;
    bytes.reserve(text.size());
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        if (c >= 0x20 && c < 0x7F) {
            bytes.append(char(c));
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            bytes.append(' ');  // control characters never reach the printer's command parser
            continue;
        }
        const auto found = table.constFind(c);
        if (found != table.cend()) {
            bytes.append(found.value());
            continue;
        }
        const QByteArray spelled = spelledOut(c);
        if (!spelled.isEmpty()) {
            bytes.append(spelled);
            continue;
        }
        // "ő" -> "o": the base letter of a decomposed character, in the code
        // page if it has it.
        const QString decomposed = QString(qc).normalized(QString::NormalizationForm_D);
        const char16_t base = decomposed.isEmpty() ? 0 : decomposed.at(0).unicode();
        if (base != c && base >= 0x20 && base < 0x7F)
            bytes.append(char(base));
        else if (base != c && table.contains(base))
            bytes.append(table.value(base));
        else
            bytes.append('?');
    }
    return bytes;
}

QByteArray EscPosEncoder::encode(const QList<ReceiptTextLine> &lines, const Options &options)
{
    QByteArray bytes = initialize() + selectCodePage(options.codePage);
    // The drawer opens first, so the clerk can count change while it prints.
    if (options.openDrawer)
        bytes += drawerKick();
    bool bold = false;
    bool tall = false;
    for (const ReceiptTextLine &line : lines) {
        if (line.bold != bold) {
            bytes += bytesOf({kEsc, 'E', char(line.bold ? 1 : 0)});
            bold = line.bold;
        }
        if (line.doubleHeight != tall) {
            bytes += bytesOf({kGs, '!', char(line.doubleHeight ? kDoubleHeight : 0)});
            tall = line.doubleHeight;
        }
        bytes += transliterate(line.text, options.codePage);
        bytes += kLineFeed;
    }
    if (bold)
        bytes += bytesOf({kEsc, 'E', 0});
    if (tall)
        bytes += bytesOf({kGs, '!', 0});
    bytes += code128(options.barcode);
    if (options.cut) {
        bytes += bytesOf({kEsc, 'd', char(options.feedLinesBeforeCut)});
        bytes += cut();
    }
    return bytes;
}

} // namespace sk
