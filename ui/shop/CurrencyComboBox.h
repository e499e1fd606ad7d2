#pragma once

#include <QComboBox>

namespace sk {

// ISO 4217 currencies in use anywhere, "EUR – Euro", sorted by code; typing
// the code's letters jumps to it.
class CurrencyComboBox : public QComboBox {
    Q_OBJECT

public:
    explicit CurrencyComboBox(QWidget *parent = nullptr);

    QString currency() const;
    // Selects the code, adding it when it is valid but unknown to the locale data.
    void setCurrency(const QString &code);

signals:
    void currencyChanged(const QString &code);
};

} // namespace sk
