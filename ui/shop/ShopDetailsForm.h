#pragma once

#include "core/Result.h"
#include "shop/ShopSettings.h"

#include <QWidget>

class QFormLayout;
class QLineEdit;
class QPlainTextEdit;

namespace sk {

class CurrencyComboBox;

// The shop's own details as one form (name, address, phone, e-mail, currency,
// default tax rate), shared by the first-run setup and the settings page.
class ShopDetailsForm : public QWidget {
    Q_OBJECT

public:
    explicit ShopDetailsForm(QWidget *parent = nullptr);

    // Fills the fields this form shows; other settings are left alone.
    void setSettings(const ShopSettings &settings);
    // Copies the fields into settings. On input that cannot be used it
    // returns the sentence to show and, when asked, which field it is about.
    Status applyTo(ShopSettings &settings, QWidget **invalidField = nullptr) const;

    QFormLayout *formLayout() const { return m_form; }
    QWidget *firstField() const;
    QWidget *lastField() const;

signals:
    void edited();

private:
    QFormLayout *m_form;
    QLineEdit *m_name;
    QPlainTextEdit *m_address;
    QLineEdit *m_phone;
    QLineEdit *m_email;
    CurrencyComboBox *m_currency;
    QLineEdit *m_taxRate;
};

} // namespace sk
