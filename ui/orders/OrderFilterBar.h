#pragma once

#include "auth/User.h"
#include "orders/OrderSearch.h"

#include <QList>
#include <QWidget>
#include <optional>
#include <utility>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

// The Orders page's filters: status (one, or every open order), channel,
// the first and last day, the customer (part of a name or e-mail address,
// or one customer chosen elsewhere), vendor and clerk (for those who see
// every order), and the amount range in the shop's currency.
class OrderFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit OrderFilterBar(QWidget *parent = nullptr);

    void setCurrency(const QString &currency);
    // Hidden while empty (vendors never see them).
    void setVendors(const QList<Vendor> &vendors);
    void setClerks(const QList<std::pair<qint64, QString>> &clerks);
    // One customer by id; typing in the field goes back to a text match.
    void setCustomer(qint64 customerId, const QString &name);

    // Copies the filters into query (search and keyset are left alone), or
    // says which field cannot be read.
    std::optional<QString> apply(OrderQuery &query) const;
    bool isFiltering() const;

    QComboBox *statusBox() const { return m_status; }
    QComboBox *channelBox() const { return m_channel; }
    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    QLineEdit *customerField() const { return m_customer; }
    QComboBox *vendorBox() const { return m_vendor; }
    QComboBox *clerkBox() const { return m_clerk; }
    QLineEdit *minimumField() const { return m_minimum; }
    QLineEdit *maximumField() const { return m_maximum; }

public slots:
    void clear();

signals:
    void changed();

private:
    void emitChanged();

    QComboBox *m_status;
    QComboBox *m_channel;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QLineEdit *m_customer;
    QLabel *m_vendorLabel;
    QComboBox *m_vendor;
    QLabel *m_clerkLabel;
    QComboBox *m_clerk;
    QLineEdit *m_minimum;
    QLineEdit *m_maximum;
    QPushButton *m_clear;
    QString m_currency = QStringLiteral("USD");
    std::optional<qint64> m_customerId;
};

} // namespace sk
