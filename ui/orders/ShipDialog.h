#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace sk {

class InlineMessage;

// Asks for what shipping an order records: the carrier and the tracking
// number (both required) and an optional note for the timeline.
class ShipDialog : public QDialog {
    Q_OBJECT

public:
    ShipDialog(const QString &orderNumber, QWidget *parent = nullptr);

    QString carrier() const;
    QString trackingNumber() const;
    QString note() const;
    QComboBox *carrierBox() const { return m_carrier; }
    QLineEdit *trackingField() const { return m_tracking; }
    QPushButton *shipButton() const { return m_ship; }
    void showError(const QString &message);

    void accept() override;

private:
    QComboBox *m_carrier;
    QLineEdit *m_tracking;
    QLineEdit *m_note;
    InlineMessage *m_message;
    QPushButton *m_ship;
};

} // namespace sk
