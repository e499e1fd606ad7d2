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

// A delivery from a supplier: who, their delivery note number, where it goes,
// and the lines, added by scanning each item (or typing its code) with
// quantity and unit cost editable in the grid. Posting writes one receive
// movement per line and updates the moving average cost.
class ReceiveDialog : public QDialog {
    Q_OBJECT

public:
    ReceiveDialog(const Services &services, const Session &session, const QList<Location> &locations,
                  std::optional<qint64> initialLocationId, const QString &currency, QWidget *parent = nullptr);

    ScanBox *scanBox() const { return m_scan; }
    StockLinesTable *lines() const { return m_lines; }
    QLineEdit *supplierEdit() const { return m_supplier; }
    QPushButton *receiveButton() const { return m_receive; }
    QString message() const;
    qint64 locationId() const;

public slots:
    void submit();

signals:
    // After the receipt was posted: a sentence for the page.
    void received(const QString &summary);

private:
    QCoro::Task<> post();
    void updateTotals();

    Services m_services;
    Session m_session;
    QLineEdit *m_supplier;
    QLineEdit *m_reference;
    QComboBox *m_location;
    ScanBox *m_scan;
    StockLinesTable *m_lines;
    QLabel *m_totals;
    QLineEdit *m_note;
    InlineMessage *m_message;
    QPushButton *m_receive;
    QPushButton *m_removeLine;
    bool m_posting = false;
};

} // namespace sk
