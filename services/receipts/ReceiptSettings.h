#pragma once

#include <QString>

namespace sk {

// The printer's character table; ESC/POS selects it with ESC t n.
enum class PrinterCodePage { Cp437, Cp858 };

// A register's receipt printer (docs/receipts.md). An empty host means no
// network printer: receipts go to the system print dialog or a PDF.
struct ReceiptSettings {
    static constexpr int kDefaultPort = 9100;
    static constexpr int kDefaultColumns = 42;

    QString printerHost;
    int printerPort = kDefaultPort;
    int columns = kDefaultColumns;       // 32 (58 mm paper), 42 or 48 (80 mm)
    bool drawerKickOnCash = true;        // open the cash drawer when a sale or refund involves cash
    PrinterCodePage codePage = PrinterCodePage::Cp858;

    friend bool operator==(const ReceiptSettings &, const ReceiptSettings &) = default;
};

} // namespace sk
