#pragma once

#include "core/Result.h"
#include "receipts/ReceiptSettings.h"
#include "receipts/ReceiptTemplate.h"

#include <QString>
#include <QVariantMap>

#include <QCoroTask>

class QPrinter;
class QWidget;

namespace sk {

struct ReceiptData;
struct ShiftReport;

// One receipt or shift report, ready to go out three ways (docs/receipts.md):
// the system print dialog, a PDF file (both from the HTML template), or raw
// ESC/POS to the register's network printer (from the text template, at the
// printer's width, with the drawer kick when cash changed hands).
class ReceiptOutput {
public:
    static ReceiptOutput forReceipt(const ReceiptData &data);
    static ReceiptOutput forShiftReport(const ShiftReport &report, const QString &shopName);

    QString html() const;
    QList<ReceiptTextLine> lines(int columns) const;
    QString documentTitle() const { return m_title; }
    bool opensDrawer() const { return m_opensDrawer; }

    // Opens the system print dialog; false when the clerk cancels it.
    bool printWithDialog(QWidget *parent) const;
    void print(QPrinter &printer) const;
    Status savePdf(const QString &filePath) const;
    QCoro::Task<Status> sendToNetworkPrinter(ReceiptSettings settings) const;

private:
    ReceiptOutput(QVariantMap context, QString textTemplate, QString htmlTemplate, QString title, bool opensDrawer);

    QVariantMap m_context;
    QString m_textTemplate;
    QString m_htmlTemplate;
    QString m_title;
    QString m_barcode;          // the order number, printed as a barcode by the network printer
    bool m_opensDrawer = false;
};

} // namespace sk
