#pragma once

#include "auth/Role.h"

#include <QComboBox>

namespace sk {

// The roles in the order a shop hands them out: clerk first, customer last.
class RoleComboBox : public QComboBox {
    Q_OBJECT

public:
    explicit RoleComboBox(QWidget *parent = nullptr);

    Role role() const;
    void setRole(Role role);

signals:
    void roleChanged(sk::Role role);
};

} // namespace sk
