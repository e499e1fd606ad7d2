#pragma once

#include "sales/SalesTypes.h"

#include <QDialog>

class QListWidget;

namespace sk {

// The register's parked sales (Shift+F10): label, items, total and when it
// was parked; Enter brings the chosen one back.
class ParkedCartsDialog : public QDialog {
    Q_OBJECT

public:
    ParkedCartsDialog(const QList<Cart> &parked, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }

signals:
    void recallRequested(qint64 cartId);

private:
    QListWidget *m_list;
};

} // namespace sk
