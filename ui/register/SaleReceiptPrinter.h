#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "sales/CheckoutService.h"

#include <QCoro/QCoroTask>
#include <QObject>

class QWidget;

namespace sk {

// Where a sale's receipt goes: the system print dialog, a PDF file, or the
// register's network receipt printer (ESC/POS, with the drawer kick).
enum class ReceiptDestination { PrintDialog, Pdf, ReceiptPrinter };

// Reads a completed sale's receipt (ReceiptService) and sends it out
// through ReceiptOutput. Failures go to failed() as the service's sentence.
class SaleReceiptPrinter : public QObject {
    Q_OBJECT

public:
    SaleReceiptPrinter(const Services &services, const Session &session, QObject *parent = nullptr);

    QCoro::Task<> print(QWidget *parent, CompletedSale sale, ReceiptDestination destination);

signals:
    void done(const QString &summary);
    void failed(const QString &sentence);

private:
    Services m_services;
    Session m_session;
};

} // namespace sk
