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
class QSpinBox;

namespace sk {

class InlineMessage;
class ScanBox;

// A manual correction of one variant at one location: a reason (damaged,
// lost, found, return, count correction), a signed quantity and a note saying
// why, which is required. The Adjust button stays disabled until the
// correction can be posted, and the line beside it says what is missing.
class AdjustDialog : public QDialog {
    Q_OBJECT

public:
    AdjustDialog(const Services &services, const Session &session, const QList<Location> &locations,
                 const std::optional<StockLevel> &level, QWidget *parent = nullptr);

    ScanBox *scanBox() const { return m_scan; }
    QComboBox *reasonCombo() const { return m_reason; }
    QComboBox *locationCombo() const { return m_location; }
    QSpinBox *quantityBox() const { return m_quantity; }
    QLineEdit *noteEdit() const { return m_note; }
    QPushButton *adjustButton() const { return m_adjust; }
    // Why the Adjust button is disabled, or empty.
    QString blocker() const;
    QString message() const;
    qint64 variantId() const { return m_level ? m_level->variantId : 0; }

public slots:
    void submit();

signals:
    void adjusted(const QString &summary);

private:
    QCoro::Task<> chooseCode(QString code);
    QCoro::Task<> refreshLevel();
    QCoro::Task<> post();
    void updateState();
    qint64 locationId() const;
    MovementReason reason() const;

    Services m_services;
    Session m_session;
    std::optional<StockLevel> m_level;
    ScanBox *m_scan;
    QLabel *m_item;
    QComboBox *m_location;
    QComboBox *m_reason;
    QSpinBox *m_quantity;
    QLabel *m_after;
    QLineEdit *m_note;
    QLabel *m_blocker;
    InlineMessage *m_message;
    QPushButton *m_adjust;
    bool m_posting = false;
};

} // namespace sk
