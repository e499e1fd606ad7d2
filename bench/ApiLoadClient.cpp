#include "ApiLoadClient.h"

#include "OversellRegister.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

// Long enough for a Debug server on two busy cores; a request that takes
// longer is an error of the run.
constexpr int kAnswerTimeoutMs = 60'000;
constexpr int kMaxErrorSamples = 10;
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
// The mix, out of 100: most visitors search and look, some buy.
constexpr int kSearchShare = 55;
constexpr int kDetailShare = 25;
// One placed order in four is cancelled again.
constexpr int kCancelOneIn = 4;
constexpr int kMaxItemsPerOrder = 3;
constexpr int kPageSize = 20;
const QStringList kSorts{u"relevance"_s, u"price_low"_s, u"price_high"_s, u"newest"_s, u"rating"_s};

} // namespace

ApiLoadClient::ApiLoadClient(const ApiLoadPlan &plan, int index, qint64 deadlineNs, ApiLoadResult &tally)
    : m_plan(plan), m_index(index), m_deadlineNs(deadlineNs), m_tally(tally), m_random(plan.seed + quint64(index))
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { lose(u"no answer within %1 s"_s.arg(kAnswerTimeoutMs / 1000)); });
    connect(&m_socket, &QTcpSocket::connected, this, &ApiLoadClient::writePending);
    connect(&m_socket, &QTcpSocket::readyRead, this, &ApiLoadClient::readAnswers);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        // The server closing an idle keep-alive connection is no error: the
        // next request connects again.
        if (m_waiting)
            lose(m_socket.errorString());
    });
}

void ApiLoadClient::start()
{
    next();
}

void ApiLoadClient::send(const QByteArray &method, const QString &path, const QJsonObject *body, Expect expect,
                         Then then)
{
    m_what = QString::fromLatin1(method) + u' ' + path;
    m_expect = expect;
    m_then = std::move(then);
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                         + QByteArray::number(m_plan.port) + "\r\nAccept: application/json\r\n";
    if (!m_token.isEmpty())
        request += "Authorization: Bearer " + m_token + "\r\n";
    if (body) {
        const QByteArray json = QJsonDocument(*body).toJson(QJsonDocument::Compact);
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size())
                   + "\r\n\r\n" + json;
    } else {
        request += "\r\n";
    }
    m_outgoing = request;
    m_waiting = true;
    m_sentNs = steadyNowNs();
    m_timeout.start(kAnswerTimeoutMs);
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        writePending();
        return;
    }
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
    m_received.clear();
    m_socket.connectToHost(u"127.0.0.1"_s, m_plan.port);
}

void ApiLoadClient::writePending()
{
    if (m_outgoing.isEmpty())
        return;
    m_socket.write(m_outgoing);
    m_outgoing.clear();
}

void ApiLoadClient::readAnswers()
{
    m_received += m_socket.readAll();
    while (m_waiting) {
        const qsizetype headerEnd = m_received.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (m_received.size() > kMaxHeaderBytes)
                lose(u"an answer's header has no end"_s);
            return;
        }
        const QList<QByteArray> lines = m_received.left(headerEnd).split('\n');
        const QList<QByteArray> statusLine = lines.constFirst().trimmed().split(' ');
        bool isNumber = false;
        const int status = statusLine.value(1).toInt(&isNumber);
        if (!statusLine.constFirst().startsWith("HTTP/1.") || !isNumber) {
            lose(u"the answer does not start with an HTTP status line"_s);
            return;
        }
        qsizetype length = -1;
        bool close = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "connection" && value.toLower() == "close")
                close = true;
            else if (name == "transfer-encoding" && value.toLower() != "identity") {
                lose(u"the answer uses a transfer encoding (%1) instead of a length"_s.arg(QString::fromLatin1(value)));
                return;
            }
        }
        if (length < 0) {
            lose(u"the answer has no Content-Length"_s);
            return;
        }
        const qsizetype bodyStart = headerEnd + 4;
        if (m_received.size() < bodyStart + length)
            return;
        const QByteArray body = m_received.mid(bodyStart, length);
        m_received.remove(0, bodyStart + length);
        m_closeAfterAnswer = close;
        answer(status, body);
    }
}

void ApiLoadClient::answer(int status, const QByteArray &body)
{
    m_timeout.stop();
    m_waiting = false;
    m_tally.latencyMs.append(double(steadyNowNs() - m_sentNs) / 1e6);
    ++m_tally.requests;
    if (m_closeAfterAnswer) {
        m_socket.disconnectFromHost();
        m_closeAfterAnswer = false;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    // 409: out of stock; 402: the card was declined (the gateway declines
    // amounts ending in .13, as a real one declines some cards).
    if ((status == 409 || status == 402) && m_expect == Expect::SuccessOrConflict) {
        ++m_tally.conflicts;
    } else if (status < 200 || status > 299) {
        ++m_tally.errors;
        if (m_tally.errorSamples.size() < kMaxErrorSamples)
            m_tally.errorSamples.append(u"client %1: %2 answered %3: %4"_s.arg(m_index).arg(m_what).arg(status)
                                            .arg(QString::fromUtf8(body.left(300))));
    }
    Then then = std::move(m_then);
    m_then = {};
    then(status, json);
}

void ApiLoadClient::lose(const QString &why)
{
    if (!m_waiting)
        return;
    m_timeout.stop();
    m_waiting = false;
    ++m_tally.requests;
    ++m_tally.errors;
    if (m_tally.errorSamples.size() < kMaxErrorSamples)
        m_tally.errorSamples.append(u"client %1: %2: %3"_s.arg(m_index).arg(m_what, why));
    // Whatever was half read belongs to the lost answer.
    m_socket.abort();
    m_received.clear();
    Then then = std::move(m_then);
    m_then = {};
    // Not from inside the socket's signal: the next request reconnects.
    QMetaObject::invokeMethod(this, [then] { then(0, {}); }, Qt::QueuedConnection);
}

void ApiLoadClient::next()
{
    if (steadyNowNs() >= m_deadlineNs) {
        m_socket.disconnectFromHost();
        emit finished();
        return;
    }
    const int roll = int(m_random() % 100);
    if (roll < kSearchShare || (roll >= kSearchShare + kDetailShare && m_signUpFailed))
        search();
    else if (roll < kSearchShare + kDetailShare)
        detail();
    else if (m_token.isEmpty())
        signUp();
    else
        addItems(1 + int(m_random() % kMaxItemsPerOrder));
}

void ApiLoadClient::search()
{
    QUrlQuery query;
    if (!m_plan.searchWords.isEmpty() && m_random() % 10 < 7)
        query.addQueryItem(u"q"_s, m_plan.searchWords.at(qsizetype(m_random() % quint64(m_plan.searchWords.size()))));
    if (m_random() % 5 == 0) {
        const int low = 1 + int(m_random() % 50);
        query.addQueryItem(u"min_price"_s, u"%1.00"_s.arg(low));
        query.addQueryItem(u"max_price"_s, u"%1.99"_s.arg(low + 10 + int(m_random() % 90)));
    }
    if (!m_plan.categoryIds.isEmpty() && m_random() % 5 == 0) {
        const qint64 categoryId = m_plan.categoryIds.at(qsizetype(m_random() % quint64(m_plan.categoryIds.size())));
        query.addQueryItem(u"category_id"_s, QString::number(categoryId));
    }
    query.addQueryItem(u"sort_by"_s, kSorts.at(qsizetype(m_random() % quint64(kSorts.size()))));
    query.addQueryItem(u"page"_s, QString::number(m_random() % 10 < 7 ? 1 : 2 + int(m_random() % 2)));
    query.addQueryItem(u"page_size"_s, QString::number(kPageSize));
    ++m_tally.searches;
    send("GET", u"/api/products/search?"_s + query.toString(QUrl::FullyEncoded), nullptr, Expect::Success,
         [this](int, const QJsonObject &) { next(); });
}

void ApiLoadClient::detail()
{
    if (m_plan.productIds.isEmpty()) {
        search();
        return;
    }
    const qint64 id = m_plan.productIds.at(qsizetype(m_random() % quint64(m_plan.productIds.size())));
    ++m_tally.details;
    send("GET", u"/api/products/%1"_s.arg(id), nullptr, Expect::Success, [this](int, const QJsonObject &) { next(); });
}

void ApiLoadClient::signUp()
{
    const QString email = u"%1-%2@bench.shop"_s.arg(m_plan.emailPrefix).arg(m_index);
    const QJsonObject account{{u"email"_s, email},
                              {u"password"_s, m_plan.password},
                              {u"first_name"_s, u"Bench"_s},
                              {u"last_name"_s, u"Shopper %1"_s.arg(m_index)}};
    send("POST", u"/api/auth/register"_s, &account, Expect::Success, [this, email](int status, const QJsonObject &) {
        if (status < 200 || status > 299) {
            m_signUpFailed = true;
            next();
            return;
        }
        const QJsonObject login{{u"email"_s, email}, {u"password"_s, m_plan.password}};
        send("POST", u"/api/auth/login"_s, &login, Expect::Success, [this](int, const QJsonObject &body) {
            m_token = body.value(u"access_token"_s).toString().toLatin1();
            m_signUpFailed = m_token.isEmpty();
            next();
        });
    });
}

void ApiLoadClient::addItems(int left)
{
    if (left == 0 || m_plan.items.isEmpty()) {
        readCartAndOrder();
        return;
    }
    const ApiLoadItem &item = m_plan.items.at(qsizetype(m_random() % quint64(m_plan.items.size())));
    const QJsonObject line{{u"product_id"_s, item.productId}, {u"variant_id"_s, item.variantId}, {u"quantity"_s, 1}};
    send("POST", u"/api/cart/items"_s, &line, Expect::SuccessOrConflict,
         [this, left](int, const QJsonObject &) { addItems(left - 1); });
}

void ApiLoadClient::readCartAndOrder()
{
    send("GET", u"/api/cart"_s, nullptr, Expect::Success, [this](int status, const QJsonObject &cart) {
        QList<qint64> ids;
        bool allAvailable = true;
        for (const QJsonValue &item : cart.value(u"items"_s).toArray()) {
            ids.append(item.toObject().value(u"cart_item_id"_s).toInteger());
            allAvailable = allAvailable && item.toObject().value(u"is_available"_s).toBool(true);
        }
        if (status != 200 || ids.isEmpty()) {
            next();
            return;
        }
        if (!allAvailable) {
            // What a shopper does on "sold out": takes it out of the cart.
            emptyCart(ids);
            return;
        }
        placeOrder(ids);
    });
}

void ApiLoadClient::placeOrder(const QList<qint64> &cartItemIds)
{
    const QJsonObject order{{u"shipping_address"_s, QJsonObject{{u"street_address"_s, u"1 Bench Street"_s},
                                                                {u"city"_s, u"Springfield"_s},
                                                                {u"state"_s, u"IL"_s},
                                                                {u"postal_code"_s, u"62701"_s},
                                                                {u"country"_s, u"US"_s}}},
                            {u"payment_method"_s, u"card"_s},
                            {u"payment_token"_s, u"tok_visa_4242"_s}};
    send("POST", u"/api/orders"_s, &order, Expect::SuccessOrConflict,
         [this, cartItemIds](int status, const QJsonObject &placed) {
             if (status == 409) {
                 emptyCart(cartItemIds);
                 return;
             }
             if (status < 200 || status > 299) {
                 next();
                 return;
             }
             ++m_tally.ordersPlaced;
             const qint64 orderId = placed.value(u"order_id"_s).toInteger();
             if (orderId <= 0 || m_random() % kCancelOneIn != 0) {
                 next();
                 return;
             }
             const QJsonObject reason{{u"reason"_s, u"Changed my mind"_s}};
             send("POST", u"/api/orders/%1/cancel"_s.arg(orderId), &reason, Expect::Success,
                  [this](int cancelled, const QJsonObject &) {
                      if (cancelled >= 200 && cancelled <= 299)
                          ++m_tally.ordersCancelled;
                      next();
                  });
         });
}

void ApiLoadClient::emptyCart(QList<qint64> cartItemIds)
{
    if (cartItemIds.isEmpty()) {
        next();
        return;
    }
    const qint64 id = cartItemIds.takeLast();
    send("DELETE", u"/api/cart/items/%1"_s.arg(id), nullptr, Expect::Success,
         [this, cartItemIds](int, const QJsonObject &) { emptyCart(cartItemIds); });
}

} // namespace sk::bench
