#pragma once

#include "auth/Session.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QWidget>
#include <functional>

class QListWidget;

namespace sk {

struct Suggestion {
    QString name;
    QString sku;
    Money price;
};

// Items often bought with what is in the cart. Fed by a provider (the
// reports' recommendations once they exist); hidden while it has nothing to
// suggest. Activating a suggestion asks for it to be added.
class SuggestionsPanel : public QWidget {
    Q_OBJECT

public:
    using Provider = std::function<QFuture<QList<Suggestion>>(const Session &session, const Cart &cart)>;

    explicit SuggestionsPanel(QWidget *parent = nullptr);

    void setProvider(Provider provider);
    void refresh(const Session &session, const Cart &cart);
    QListWidget *list() const { return m_list; }

signals:
    void addRequested(const QString &sku);

private:
    QCoro::Task<> load(Session session, Cart cart);

    Provider m_provider;
    QListWidget *m_list;
    quint64 m_generation = 0;
};

} // namespace sk
