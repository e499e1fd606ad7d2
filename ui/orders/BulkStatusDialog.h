#pragma once

#include "orders/OrderStatus.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

// The status for every order of a selection, and a note for their
// timelines. Offers the moves that need nothing but a status (confirmed,
// processing, delivered); orders the machine does not let go there keep
// theirs, and the page says which and why.
class BulkStatusDialog : public QDialog {
    Q_OBJECT

public:
    BulkStatusDialog(int orderCount, QWidget *parent = nullptr);

    OrderStatus status() const;
    void setStatus(OrderStatus status);
    QString note() const;
    QComboBox *statusBox() const { return m_status; }
    QPushButton *changeButton() const { return m_change; }

private:
    void updateButton();

    int m_orderCount;
    QComboBox *m_status;
    QLineEdit *m_note;
    QPushButton *m_change;
};

} // namespace sk
