#pragma once

#include "catalog/Product.h"

#include <QDialog>
#include <QList>
#include <optional>
#include <utility>

class QComboBox;
class QLineEdit;
class QRadioButton;

namespace sk {

class InlineMessage;

// One change for many selected products: prices by a percentage or an
// amount, another category, or another status. The dialog checks what was
// typed; the page confirms with the number of products and runs
// ProductService::bulkEdit (one transaction).
class BulkEditDialog : public QDialog {
    Q_OBJECT

public:
    // categories: id and path ("Men › Shoes") of every category, in tree order.
    BulkEditDialog(int productCount, const QString &currency, const QList<std::pair<qint64, QString>> &categories,
                   QWidget *parent = nullptr);

    // The change (without product ids) once accepted.
    const BulkEdit &edit() const { return m_edit; }
    // The question that confirms it: "Raise the prices of 12 products by 10.00 %?"
    QString confirmation() const { return m_confirmation; }
    QString message() const;

public slots:
    void accept() override;

private:
    bool read();
    void updateEnabledFields();

    int m_productCount;
    QString m_currency;
    QList<std::pair<qint64, QString>> m_categories;
    QRadioButton *m_percentChoice;
    QRadioButton *m_amountChoice;
    QRadioButton *m_categoryChoice;
    QRadioButton *m_statusChoice;
    QLineEdit *m_percent;
    QLineEdit *m_amount;
    QComboBox *m_category;
    QComboBox *m_status;
    InlineMessage *m_message;
    BulkEdit m_edit;
    QString m_confirmation;
};

} // namespace sk
