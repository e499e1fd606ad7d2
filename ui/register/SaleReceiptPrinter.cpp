#include "register/SaleReceiptPrinter.h"

#include "receipts/ReceiptData.h"
#include "receipts/ReceiptService.h"
#include "receipts/ReceiptSettingsStore.h"
#include "register/ReceiptOutput.h"

#include <QCoro/QCoroFuture>
#include <QFileDialog>
#include <QPointer>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sk {

SaleReceiptPrinter::SaleReceiptPrinter(const Services &services, const Session &session, QObject *parent)
    : QObject(parent), m_services(services), m_session(session)
{
}

QCoro::Task<> SaleReceiptPrinter::print(QWidget *parent, CompletedSale sale, ReceiptDestination destination)
{
    QPointer<SaleReceiptPrinter> guard(this);
    QPointer<QWidget> window(parent);
    const QFuture<Result<ReceiptData>> pendingData = m_services.receipts->saleReceipt(m_session, sale.orderId);
    const Result<ReceiptData> data = co_await pendingData;
    if (!guard)
        co_return;
    if (!data) {
        emit failed(data.error().message);
        co_return;
    }
    const ReceiptOutput output = ReceiptOutput::forReceipt(data.value());
    switch (destination) {
    case ReceiptDestination::PrintDialog:
        if (window && output.printWithDialog(window))
            emit done(tr("Receipt %1 printed.").arg(sale.orderNumber));
        co_return;
    case ReceiptDestination::Pdf: {
        const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u'/'
            + tr("Receipt %1.pdf").arg(sale.orderNumber);
        const QString path =
            QFileDialog::getSaveFileName(window, tr("Save the receipt as PDF"), suggested, tr("PDF files (*.pdf)"));
        if (path.isEmpty() || !guard)
            co_return;
        const Status saved = output.savePdf(path);
        if (!saved)
            emit failed(saved.error().message);
        else
            emit done(tr("Receipt %1 saved as %2.").arg(sale.orderNumber, path));
        co_return;
    }
    case ReceiptDestination::ReceiptPrinter: {
        const QFuture<Result<ReceiptSettings>> pendingSettings = m_services.receiptSettings->load(sale.registerId);
        const Result<ReceiptSettings> settings = co_await pendingSettings;
        if (!guard)
            co_return;
        if (!settings) {
            emit failed(settings.error().message);
            co_return;
        }
        if (settings->printerHost.isEmpty()) {
            emit failed(tr("This register has no receipt printer. Set its address in Settings, or print "
                           "through the print dialog."));
            co_return;
        }
        QCoro::Task<Status> sending = output.sendToNetworkPrinter(settings.value());
        const Status sent = co_await sending;
        if (!guard)
            co_return;
        if (!sent)
            emit failed(sent.error().message);
        else
            emit done(tr("Receipt %1 sent to the receipt printer.").arg(sale.orderNumber));
        co_return;
    }
    }
}

} // namespace sk
