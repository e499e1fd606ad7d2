#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "inventory/StockTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

class InlineMessage;
class ScanBox;
class StockLinesTable;

// Moves stock from one location to another in one transaction: the lines are
// scanned like a receipt's; the ledger refuses more than is available at the
// source, and its sentence (naming the item and what is left) is shown here.
class TransferDialog : public QDialog {
    Q_OBJECT

public:
    TransferDialog(const Services &services, const Session &session, const QList<Location> &locations,
                   std::optional<qint64> fromLocationId, QWidget *parent = nullptr);

    ScanBox *scanBox() const { return m_scan; }
    StockLinesTable *lines() const { return m_lines; }
    QComboBox *fromCombo() const { return m_from; }
    QComboBox *toCombo() const { return m_to; }
    QPushButton *transferButton() const { return m_transfer; }
    QString message() const;

public slots:
    void submit();

signals:
    void transferred(const QString &summary);

private:
    QCoro::Task<> post();
    void updateState();

    Services m_services;
    Session m_session;
    QComboBox *m_from;
    QComboBox *m_to;
    ScanBox *m_scan;
    StockLinesTable *m_lines;
    QLabel *m_totals;
    QLineEdit *m_note;
    InlineMessage *m_message;
    QPushButton *m_transfer;
    bool m_posting = false;
};

} // namespace sk
