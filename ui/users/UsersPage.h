#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "auth/User.h"
#include "core/Result.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QTimer>
#include <QWidget>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sk {

class InlineMessage;
class UserTableModel;

// Staff and customer accounts: a table that loads page by page from the
// database as it scrolls (UserTableModel), searched, filtered and sorted in
// SQL, with the account actions an administrator needs.
class UsersPage : public QWidget {
    Q_OBJECT

public:
    UsersPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    UserTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    std::optional<User> selectedUser() const;
    // Selects that user when they are among the loaded rows.
    bool selectUser(qint64 userId);
    QString feedback() const;
    QString countText() const;

    // Starts loading now instead of when first shown.
    void start();

public slots:
    void newUser();
    void toggleActive();
    void resetPassword();
    void changeRole();
    void setPin();
    void unlockUser();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCoro::Task<> apply(QFuture<Status> change, QString title, QString doneText, qint64 userId);
    void reloadAndSelect(qint64 userId);
    void updateActions();
    void updateCount();

    Services m_services;
    Session m_session;
    UserTableModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_roleFilter;
    QLabel *m_count;
    QTableView *m_view;
    InlineMessage *m_feedback;
    QTimer m_searchDelay;
    QPushButton *m_newButton;
    QPushButton *m_activeButton;
    QPushButton *m_passwordButton;
    QPushButton *m_roleButton;
    QPushButton *m_pinButton;
    QPushButton *m_unlockButton;
    QAction *m_newAction;
    QAction *m_activeAction;
    QAction *m_passwordAction;
    QAction *m_roleAction;
    QAction *m_pinAction;
    QAction *m_unlockAction;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    qint64 m_selectAfterLoad = 0;
    bool m_started = false;
};

} // namespace sk
