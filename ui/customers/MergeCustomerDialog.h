#pragma once

#include "auth/Session.h"
#include "customers/CustomerTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QTimer>
#include <memory>

class QLineEdit;
class QListWidget;
class QMessageBox;
class QPushButton;

namespace sk {

class CustomerService;
class InlineMessage;

// "Merge into…": the duplicate is the customer chosen on the page; the
// customer to keep is found by search here. Merge asks once more, naming
// both, then CustomerService::merge moves everything in one transaction.
class MergeCustomerDialog : public QDialog {
    Q_OBJECT

public:
    MergeCustomerDialog(std::shared_ptr<CustomerService> customers, const Session &session,
                        const Customer &duplicate, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_search; }
    QListWidget *results() const { return m_results; }
    // The confirmation while it is open.
    QMessageBox *confirmation() const { return m_confirmation; }
    QString message() const;
    const MergeOutcome &outcome() const { return m_outcome; }
    const Customer &survivor() const { return m_survivor; }

public slots:
    void askToMerge();

signals:
    void resultsShown(int count);

private:
    QCoro::Task<> find(QString text);
    QCoro::Task<> runMerge(Customer survivor);

    std::shared_ptr<CustomerService> m_customers;
    Session m_session;
    Customer m_duplicate;
    Customer m_survivor;
    QLineEdit *m_search;
    QListWidget *m_results;
    InlineMessage *m_message;
    QPushButton *m_mergeButton;
    QMessageBox *m_confirmation = nullptr;
    QTimer m_searchDelay;
    quint64 m_generation = 0;
    QList<Customer> m_found;
    MergeOutcome m_outcome;
};

} // namespace sk
