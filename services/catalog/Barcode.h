#pragma once

#include <QString>
#include <QStringView>

namespace sk {

// Retail barcodes printed on goods: EAN-13, EAN-8 and UPC-A (12 digits).
// All three end in a GS1 mod-10 check digit, which catches every single
// mistyped digit and most swapped neighbours at the register or in an import.
class Barcode {
public:
    enum class Kind { Invalid, Ean13, Ean8, UpcA };

    // Digits only, surrounding spaces ignored; the length picks the kind.
    static Kind kindOf(QStringView text);
    static bool isValid(QStringView text) { return kindOf(text) != Kind::Invalid; }
    // The GS1 check digit for the digits before it (any length), or -1 when
    // the input holds anything but ASCII digits.
    static int checkDigit(QStringView digitsWithoutCheck);
    // Empty when valid; otherwise a sentence saying what is wrong and what to do.
    static QString problem(QStringView text);
};

} // namespace sk
