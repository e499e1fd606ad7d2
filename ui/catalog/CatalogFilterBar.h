#pragma once

#include "auth/User.h"
#include "catalog/ProductSearch.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

// The catalog's filters beside the search box: vendor (for those who see
// every vendor's products), status, price range, stock state and attribute
// values. Typed prices are read as the shop's currency in the user's locale;
// what cannot be read is named next to the bar and not applied.
class CatalogFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit CatalogFilterBar(QWidget *parent = nullptr);

    // Vendors to choose from; the vendor filter is hidden while there are none
    // (vendors themselves and clerks never see it).
    void setVendors(const QList<Vendor> &vendors);
    void setCurrency(const QString &currency);

    // Copies the filters into query (text, category and sort are left alone).
    // False, with problem() set, when a field cannot be read.
    bool apply(ProductSearchQuery &query);
    QString problem() const { return m_problem; }
    bool isFiltering() const;

public slots:
    void clear();

signals:
    // The filters changed and can all be read.
    void changed();
    // A field cannot be read: the sentence says which and how to write it.
    void invalid(const QString &problem);

private:
    void emitWhenValid();

    QLabel *m_vendorLabel;
    QComboBox *m_vendor;
    QComboBox *m_status;
    QLineEdit *m_minPrice;
    QLineEdit *m_maxPrice;
    QComboBox *m_stock;
    QLineEdit *m_attributes;
    QPushButton *m_clear;
    QTimer m_typingDelay;
    QString m_currency = QStringLiteral("USD");
    QString m_problem;
};

} // namespace sk
