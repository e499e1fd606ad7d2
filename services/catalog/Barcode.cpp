#include "catalog/Barcode.h"

#include <QCoreApplication>

namespace sk {

int Barcode::checkDigit(QStringView digits)
{
    // GS1: weights 3,1,3,1... from the rightmost data digit leftwards.
    int sum = 0;
    int weight = 3;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const char16_t c = digits[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        sum += (c - u'0') * weight;
        weight = weight == 3 ? 1 : 3;
    }
    return (10 - sum % 10) % 10;
}

Barcode::Kind Barcode::kindOf(QStringView text)
{
    const QStringView code = text.trimmed();
    Kind kind = Kind::Invalid;
    switch (code.size()) {
    case 8: kind = Kind::Ean8; break;
    case 12: kind = Kind::UpcA; break;
    case 13: kind = Kind::Ean13; break;
    default: return Kind::Invalid;
    }
    const int expected = checkDigit(code.first(code.size() - 1));
    const char16_t last = code.back().unicode();
    if (expected < 0 || last != char16_t(u'0' + expected))
        return Kind::Invalid;
    return kind;
}

QString Barcode::problem(QStringView text)
{
    const QStringView code = text.trimmed();
    for (QChar c : code)
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return QCoreApplication::translate("Barcode", "The barcode \"%1\" may contain only digits.")
                .arg(code.toString());
    if (code.size() != 8 && code.size() != 12 && code.size() != 13)
        return QCoreApplication::translate("Barcode", "The barcode \"%1\" has %2 digits; an EAN-13 has 13, a UPC-A 12 "
                                                      "and an EAN-8 8. Check the number on the label.")
            .arg(code.toString())
            .arg(code.size());
    if (kindOf(code) == Kind::Invalid)
        return QCoreApplication::translate("Barcode", "The barcode \"%1\" has a wrong check digit (the last digit "
                                                      "should be %2). Check the number on the label for a typo.")
            .arg(code.toString())
            .arg(checkDigit(code.first(code.size() - 1)));
    return {};
}

} // namespace sk
