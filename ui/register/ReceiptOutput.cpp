#include "register/ReceiptOutput.h"

#include "receipts/EscPosEncoder.h"
#include "receipts/NetworkReceiptPrinter.h"
#include "receipts/ReceiptData.h"
#include "receipts/ShiftReportReceipt.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Roll paper: 80 mm wide; the document flows onto further pages if longer.
constexpr qreal kPaperWidthMm = 80.0;
constexpr qreal kPaperHeightMm = 297.0;
constexpr qreal kMarginMm = 4.0;
constexpr int kPdfResolution = 300;

} // namespace

ReceiptOutput::ReceiptOutput(QVariantMap context, QString textTemplate, QString htmlTemplate, QString title,
                             bool opensDrawer)
    : m_context(std::move(context)),
      m_textTemplate(std::move(textTemplate)),
      m_htmlTemplate(std::move(htmlTemplate)),
      m_title(std::move(title)),
      m_opensDrawer(opensDrawer)
{
}

ReceiptOutput ReceiptOutput::forReceipt(const ReceiptData &data)
{
    // A reprint never opens the drawer: no money changes hands.
    ReceiptOutput output(data.toContext(), u"receipt.txt"_s, u"receipt.html"_s, data.orderNumber,
                         data.paidInCash && !data.reprint);
    output.m_barcode = data.orderNumber;
    return output;
}

ReceiptOutput ReceiptOutput::forShiftReport(const ShiftReport &report, const QString &shopName)
{
    const QVariantMap context = ShiftReportReceipt::context(report, shopName);
    return ReceiptOutput(context, u"shift.txt"_s, u"shift.html"_s,
                         context.value(u"title"_s).toString() + u' ' + report.registerName, false);
}

QString ReceiptOutput::html() const
{
    return ReceiptTemplate::builtIn(m_htmlTemplate).renderHtml(m_context);
}

QList<ReceiptTextLine> ReceiptOutput::lines(int columns) const
{
    return ReceiptTemplate::builtIn(m_textTemplate).renderLines(m_context, columns);
}

void ReceiptOutput::print(QPrinter &printer) const
{
    QTextDocument document;
    document.setHtml(html());
    printer.setDocName(m_title);
    document.print(&printer);
}

bool ReceiptOutput::printWithDialog(QWidget *parent) const
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(m_title);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(QCoreApplication::translate("ReceiptOutput", "Print receipt"));
    if (dialog.exec() != QDialog::Accepted)
        return false;
    print(printer);
    return true;
}

Status ReceiptOutput::savePdf(const QString &filePath) const
{
    QPdfWriter writer(filePath);
    if (!writer.setPageSize(QPageSize(QSizeF(kPaperWidthMm, kPaperHeightMm), QPageSize::Millimeter)))
        return Error::make(ErrorCode::Internal,
                           QCoreApplication::translate("ReceiptOutput", "The receipt's page size is not supported."));
    writer.setPageMargins(QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter);
    writer.setResolution(kPdfResolution);
    writer.setTitle(m_title);
    writer.setCreator(QCoreApplication::applicationName());
    QTextDocument document;
    document.setHtml(html());
    document.print(&writer);
    const QFileInfo written(filePath);
    if (!written.exists() || written.size() == 0)
        return Error::make(ErrorCode::Unavailable,
                           QCoreApplication::translate("ReceiptOutput", "The PDF could not be written to %1. Choose "
                                                                        "a folder you may write to.")
                               .arg(QDir::toNativeSeparators(filePath)));
    return Status::success();
}

QCoro::Task<Status> ReceiptOutput::sendToNetworkPrinter(ReceiptSettings settings) const
{
    EscPosEncoder::Options options;
    options.codePage = settings.codePage;
    options.openDrawer = m_opensDrawer && settings.drawerKickOnCash;
    options.barcode = m_barcode;
    const QByteArray bytes = EscPosEncoder::encode(lines(settings.columns), options);
    const NetworkReceiptPrinter printer(settings.printerHost, quint16(settings.printerPort));
    QCoro::Task<Status> sending = printer.send(bytes);
    co_return co_await std::move(sending);
}

} // namespace sk
