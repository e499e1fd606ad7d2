#pragma once

#include "receipts/ReceiptSettings.h"
#include "receipts/ReceiptTemplate.h"

#include <QByteArray>
#include <QList>

namespace sk {

// Turns rendered receipt lines into the bytes of an ESC/POS receipt printer
// (docs/receipts.md): ESC @ to reset, ESC t to choose the code page, ESC E
// and GS ! for bold and double-height lines, the text transliterated to the
// code page, the order number as a CODE128 barcode, a feed and GS V to cut, and ESC p 0 25 250 to open the cash
// drawer when asked.
class EscPosEncoder {
public:
    struct Options {
        PrinterCodePage codePage = PrinterCodePage::Cp858;
        bool openDrawer = false;
        bool cut = true;
        int feedLinesBeforeCut = 4;
        // Printed as a CODE128 barcode under the text: the order number, so
        // that a return starts by scanning the receipt. Empty: none.
        QString barcode;
    };

    static QByteArray encode(const QList<ReceiptTextLine> &lines, const Options &options);
    // One character in the code page: itself when the page has it, else a
    // close ASCII spelling ("é" -> "e", "€" -> "EUR" on code page 437), else "?".
    static QByteArray transliterate(const QString &text, PrinterCodePage codePage);

    static QByteArray initialize();            // ESC @
    static QByteArray selectCodePage(PrinterCodePage codePage);  // ESC t n
    static QByteArray cut();                   // GS V 0
    static QByteArray drawerKick();            // ESC p 0 25 250
    static QByteArray code128(const QString &text);  // GS k 73, centred, digits below
};

} // namespace sk
