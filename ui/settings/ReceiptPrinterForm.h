#pragma once

#include "core/Result.h"
#include "receipts/ReceiptSettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sk {

class InlineMessage;

// One register's receipt printer as a form: none (print dialog or PDF) or
// an ESC/POS printer on the network, paper width, code page and whether a
// cash sale opens the drawer.
class ReceiptPrinterForm : public QWidget {
    Q_OBJECT

public:
    explicit ReceiptPrinterForm(QWidget *parent = nullptr);

    // Which register the settings are for, as the staff know it.
    void setRegisterName(const QString &name);
    void setSettings(const ReceiptSettings &settings);
    // The settings as edited. On input that cannot be used it returns the
    // sentence to show and, when asked, which field it is about.
    Status read(ReceiptSettings &settings, QWidget **invalidField = nullptr) const;

    void showError(const QString &text);
    void clearMessage();
    QString message() const;

    QFormLayout *formLayout() const { return m_form; }
    QWidget *firstField() const;
    QWidget *lastField() const;

signals:
    void edited();

private:
    void updateNetworkFields();
    void selectColumns(int columns);

    ReceiptSettings m_saved;
    QFormLayout *m_form;
    QLabel *m_register;
    QComboBox *m_kind;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_columns;
    QComboBox *m_codePage;
    QCheckBox *m_drawerKick;
    InlineMessage *m_message;
};

} // namespace sk
