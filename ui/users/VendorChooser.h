#pragma once

#include "auth/Session.h"
#include "auth/User.h"
#include "core/Result.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <memory>
#include <optional>

class QComboBox;
class QLineEdit;

namespace sk {

class UserService;

// Which vendor a vendor account belongs to: one of the existing vendors
// (loaded from UserService::vendors) or a new vendor's name.
class VendorChooser : public QWidget {
    Q_OBJECT

public:
    VendorChooser(std::shared_ptr<UserService> users, const Session &actor, QWidget *parent = nullptr);

    // Selects that vendor once the list has arrived.
    void setCurrentVendor(std::optional<qint64> vendorId);
    std::optional<qint64> vendorId() const;
    // Set when "New vendor" is chosen.
    QString newVendorName() const;
    Status check() const;
    bool isLoaded() const { return m_loaded; }

    QComboBox *comboBox() const { return m_vendors; }
    QLineEdit *newVendorEdit() const { return m_newName; }

signals:
    void loaded();

private:
    QCoro::Task<> load();
    void updateNewNameVisibility();

    std::shared_ptr<UserService> m_users;
    Session m_actor;
    QComboBox *m_vendors;
    QLineEdit *m_newName;
    std::optional<qint64> m_wanted;
    bool m_loaded = false;
};

} // namespace sk
