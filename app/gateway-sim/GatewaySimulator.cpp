#include "GatewaySimulator.h"

#include "SimHttpRequest.h"

#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int MaxKeyLength = 255;
// The largest integer a JSON number (a double) holds exactly.
constexpr double MaxExactJsonInteger = 9007199254740992.0;
// The simulated issuer refuses amounts whose minor units end in 13, so a
// demonstration can decline a card without the control endpoint.
constexpr qint64 DeclinedAmountSuffix = 13;
constexpr qint64 SuffixModulus = 100;
constexpr qint64 Last4Multiplier = 7919;
constexpr qint64 Last4Modulus = 10000;

const QString InsufficientFunds = u"Insufficient funds"_s;

QByteArray errorBody(const QString &code, const QString &message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}})
        .toJson(QJsonDocument::Compact);
}

std::optional<qint64> positiveInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 1 || number > MaxExactJsonInteger || std::floor(number) != number)
        return std::nullopt;
    return static_cast<qint64>(number);
}

bool validKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > MaxKeyLength)
        return false;
    for (char c : key)
        if (c < 0x21 || c > 0x7e)
            return false;
    return true;
}

bool validCurrency(const QString &currency)
{
    if (currency.size() != 3)
        return false;
    for (QChar c : currency)
        if (c < u'A' || c > u'Z')
            return false;
    return true;
}

QString cardBrandFor(qint64 amount)
{
    static const QStringList brands{u"visa"_s, u"mastercard"_s, u"amex"_s, u"discover"_s};
    return brands.at(static_cast<int>(amount % brands.size()));
}

QString cardLast4For(qint64 amount)
{
    return u"%1"_s.arg((amount * Last4Multiplier) % Last4Modulus, 4, 10, QLatin1Char('0'));
}

QJsonObject toJson(const GatewaySimulator::SimulatedPayment &p)
{
    return {{u"id"_s, p.id},
            {u"object"_s, u"payment"_s},
            {u"idempotency_key"_s, p.idempotencyKey},
            {u"status"_s, p.status},
            {u"amount"_s, p.amount},
            {u"currency"_s, p.currency},
            {u"terminal"_s, p.terminal},
            {u"reference"_s, p.reference},
            {u"card"_s, QJsonObject{{u"brand"_s, p.cardBrand}, {u"last4"_s, p.cardLast4}}},
            {u"decline_reason"_s, p.declineReason},
            {u"amount_refunded"_s, p.refunded},
            {u"polls_left"_s, p.pollsLeft},
            {u"created_at"_s, p.createdAt.toString(Qt::ISODate)}};
}

QJsonObject toJson(const GatewaySimulator::SimulatedRefund &r)
{
    return {{u"id"_s, r.id},
            {u"object"_s, u"refund"_s},
            {u"payment_id"_s, r.paymentId},
            {u"idempotency_key"_s, r.idempotencyKey},
            {u"status"_s, r.status},
            {u"amount"_s, r.amount},
            {u"currency"_s, r.currency},
            {u"failure_reason"_s, r.failureReason},
            {u"polls_left"_s, r.pollsLeft},
            {u"created_at"_s, r.createdAt.toString(Qt::ISODate)}};
}

GatewaySimulator::SimulatedPayment paymentFromJson(const QJsonObject &o)
{
    GatewaySimulator::SimulatedPayment p;
    p.id = o.value(u"id"_s).toString();
    p.idempotencyKey = o.value(u"idempotency_key"_s).toString();
    p.status = o.value(u"status"_s).toString();
    p.amount = o.value(u"amount"_s).toInteger();
    p.currency = o.value(u"currency"_s).toString();
    p.terminal = o.value(u"terminal"_s).toString();
    p.reference = o.value(u"reference"_s).toString();
    p.cardBrand = o.value(u"card"_s).toObject().value(u"brand"_s).toString();
    p.cardLast4 = o.value(u"card"_s).toObject().value(u"last4"_s).toString();
    p.declineReason = o.value(u"decline_reason"_s).toString();
    p.refunded = o.value(u"amount_refunded"_s).toInteger();
    p.pollsLeft = o.value(u"polls_left"_s).toInt();
    p.createdAt = QDateTime::fromString(o.value(u"created_at"_s).toString(), Qt::ISODate);
    return p;
}

GatewaySimulator::SimulatedRefund refundFromJson(const QJsonObject &o)
{
    GatewaySimulator::SimulatedRefund r;
    r.id = o.value(u"id"_s).toString();
    r.paymentId = o.value(u"payment_id"_s).toString();
    r.idempotencyKey = o.value(u"idempotency_key"_s).toString();
    r.status = o.value(u"status"_s).toString();
    r.amount = o.value(u"amount"_s).toInteger();
    r.currency = o.value(u"currency"_s).toString();
    r.failureReason = o.value(u"failure_reason"_s).toString();
    r.pollsLeft = o.value(u"polls_left"_s).toInt();
    r.createdAt = QDateTime::fromString(o.value(u"created_at"_s).toString(), Qt::ISODate);
    return r;
}

} // namespace

GatewaySimulator::GatewaySimulator(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &GatewaySimulator::acceptConnections);
}

GatewaySimulator::~GatewaySimulator() = default;

bool GatewaySimulator::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

void GatewaySimulator::close()
{
    m_server->close();
}

quint16 GatewaySimulator::port() const
{
    return m_server->serverPort();
}

QUrl GatewaySimulator::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

QString GatewaySimulator::errorString() const
{
    return m_server->errorString();
}

std::optional<GatewaySimulator::Mode> GatewaySimulator::modeFromName(const QString &name)
{
    static const QHash<QString, Mode> modes{{u"approve"_s, Mode::Approve}, {u"decline"_s, Mode::Decline},
                                            {u"slow"_s, Mode::Slow},       {u"drop"_s, Mode::Drop},
                                            {u"twice"_s, Mode::Twice},     {u"pending"_s, Mode::Pending},
                                            {u"unavailable"_s, Mode::Unavailable}};
    const auto it = modes.constFind(name);
    if (it == modes.cend())
        return std::nullopt;
    return *it;
}

bool GatewaySimulator::setStateFile(const QString &path, QString *problem)
{
    m_stateFile = path;
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (problem)
            *problem = file.errorString();
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject()) {
        if (problem)
            *problem = error.errorString();
        return false;
    }
    const QJsonObject state = document.object();
    m_payments.clear();
    m_refunds.clear();
    const QJsonArray payments = state.value(u"payments"_s).toArray();
    for (const QJsonValue &value : payments)
        m_payments.append(paymentFromJson(value.toObject()));
    const QJsonArray refunds = state.value(u"refunds"_s).toArray();
    for (const QJsonValue &value : refunds)
        m_refunds.append(refundFromJson(value.toObject()));
    m_lastId = state.value(u"last_id"_s).toInteger();
    return true;
}

void GatewaySimulator::saveState()
{
    if (m_stateFile.isEmpty())
        return;
    QJsonArray payments;
    for (const SimulatedPayment &payment : std::as_const(m_payments))
        payments.append(toJson(payment));
    QJsonArray refunds;
    for (const SimulatedRefund &refund : std::as_const(m_refunds))
        refunds.append(toJson(refund));
    // QSaveFile: a simulator killed while writing keeps its previous state.
    QSaveFile file(m_stateFile);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(QJsonDocument(QJsonObject{{u"payments"_s, payments}, {u"refunds"_s, refunds}, {u"last_id"_s, m_lastId}})
                   .toJson());
    file.commit();
}

void GatewaySimulator::reset()
{
    m_payments.clear();
    m_refunds.clear();
    m_behaviour = Behaviour{Mode::Approve, 0};
    m_requestsReceived = 0;
    saveState();
}

void GatewaySimulator::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequests(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
    }
}

void GatewaySimulator::readRequests(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    for (;;) {
        sim::SimHttpRequest request;
        const sim::SimParseState state = sim::simTakeRequest(buffer, request);
        if (state == sim::SimParseState::NeedMore)
            return;
        if (state == sim::SimParseState::Malformed) {
            socket->write(sim::simHttpResponse(400, errorBody(u"invalid_request"_s, u"Malformed HTTP request."_s), false));
            socket->disconnectFromHost();
            return;
        }
        handle(socket, request);
        if (socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

void GatewaySimulator::handle(QTcpSocket *socket, const sim::SimHttpRequest &request)
{
    const bool keepAlive = request.keepAlive;
    auto send = [socket, keepAlive](const Answer &answer) {
        socket->write(sim::simHttpResponse(answer.status, answer.body, keepAlive));
        if (!keepAlive)
            socket->disconnectFromHost();
    };

    if (request.path.startsWith(u"/sim/"_s)) {
        send(control(request));
        return;
    }
    if (!request.path.startsWith(u"/v1/"_s)) {
        send({404, errorBody(u"not_found"_s, u"No such endpoint."_s)});
        return;
    }
    ++m_requestsReceived;
    if (!m_apiKey.isEmpty() && request.header("authorization") != "Bearer " + m_apiKey.toUtf8()) {
        send({401, errorBody(u"unauthorized"_s, u"Missing or wrong API key."_s)});
        return;
    }

    Behaviour current{Mode::Approve, 0};
    if (m_behaviour.count > 0) {
        current = m_behaviour;
        --m_behaviour.count;
    }
    if (current.mode == Mode::Unavailable) {
        send({503, errorBody(u"unavailable"_s, u"The gateway is unavailable; try again."_s)});
        return;
    }

    const Answer answer = route(request, current.mode, current.polls);
    switch (current.mode) {
    case Mode::Slow: {
        // The request is processed now and answered later, like a gateway
        // that charged the card but whose answer is stuck on the way back.
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(current.delay, this, [guarded, answer, keepAlive] {
            if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
                guarded->write(sim::simHttpResponse(answer.status, answer.body, keepAlive));
        });
        break;
    }
    case Mode::Drop:
        socket->abort();
        break;
    case Mode::Twice: {
        const QByteArray bytes = sim::simHttpResponse(answer.status, answer.body, keepAlive);
        socket->write(bytes + bytes);
        break;
    }
    default:
        send(answer);
        break;
    }
}

GatewaySimulator::Answer GatewaySimulator::control(const sim::SimHttpRequest &request)
{
    if (request.method == "POST" && request.path == u"/sim/behaviour"_s) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const std::optional<Mode> mode = modeFromName(body.value(u"mode"_s).toString());
        if (!mode)
            return {400, errorBody(u"invalid_request"_s,
                                   u"mode must be approve, decline, slow, drop, twice, pending or unavailable."_s)};
        setBehaviour(*mode, body.value(u"count"_s).toInt(1), std::chrono::milliseconds(body.value(u"delay_ms"_s).toInt(0)),
                     body.value(u"polls"_s).toInt(1));
        return {200, QJsonDocument(body).toJson(QJsonDocument::Compact)};
    }
    if (request.method == "GET" && request.path == u"/sim/charges"_s) {
        QJsonArray payments;
        for (const SimulatedPayment &payment : std::as_const(m_payments))
            payments.append(toJson(payment));
        QJsonArray refunds;
        for (const SimulatedRefund &refund : std::as_const(m_refunds))
            refunds.append(toJson(refund));
        return {200, QJsonDocument(QJsonObject{{u"payments"_s, payments}, {u"refunds"_s, refunds}})
                         .toJson(QJsonDocument::Compact)};
    }
    if (request.method == "POST" && request.path == u"/sim/reset"_s) {
        reset();
        return {200, "{}"};
    }
    return {404, errorBody(u"not_found"_s, u"No such endpoint."_s)};
}

GatewaySimulator::Answer GatewaySimulator::route(const sim::SimHttpRequest &request, Mode mode, int polls)
{
    const QStringList parts = request.path.split(u'/', Qt::SkipEmptyParts); // v1, payments, {id}, refunds
    const QString key = request.query.queryItemValue(u"idempotency_key"_s, QUrl::FullyDecoded);
    if (request.method == "POST" && parts == QStringList{u"v1"_s, u"payments"_s})
        return createPayment(request, mode, polls);
    if (request.method == "POST" && parts.size() == 4 && parts.at(1) == u"payments"_s && parts.at(3) == u"refunds"_s)
        return createRefund(request, parts.at(2), mode, polls);
    if (request.method == "GET" && parts.size() >= 2 && parts.size() <= 3 && parts.at(1) == u"payments"_s) {
        SimulatedPayment *payment = parts.size() == 3 ? findPayment(parts.at(2), {}) : findPayment({}, key);
        if (!payment)
            return {404, errorBody(u"not_found"_s, u"No such payment."_s)};
        return paymentAnswer(200, *payment);
    }
    if (request.method == "GET" && parts.size() >= 2 && parts.size() <= 3 && parts.at(1) == u"refunds"_s) {
        SimulatedRefund *refund = parts.size() == 3 ? findRefund(parts.at(2), {}) : findRefund({}, key);
        if (!refund)
            return {404, errorBody(u"not_found"_s, u"No such refund."_s)};
        return refundAnswer(200, *refund);
    }
    return {404, errorBody(u"not_found"_s, u"No such endpoint."_s)};
}

GatewaySimulator::Answer GatewaySimulator::createPayment(const sim::SimHttpRequest &request, Mode mode, int polls)
{
    const QByteArray key = request.header("idempotency-key");
    if (!validKey(key))
        return {400, errorBody(u"invalid_request"_s, u"Idempotency-Key must be 1 to 255 printable characters."_s)};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject())
        return {400, errorBody(u"invalid_request"_s, u"The body must be a JSON object."_s)};
    const QJsonObject body = document.object();
    const std::optional<qint64> amount = positiveInteger(body.value(u"amount"_s));
    const QString currency = body.value(u"currency"_s).toString();
    if (!amount)
        return {400, errorBody(u"invalid_request"_s, u"amount must be a positive integer of minor units."_s)};
    if (!validCurrency(currency))
        return {400, errorBody(u"invalid_request"_s, u"currency must be an ISO 4217 code."_s)};

    if (SimulatedPayment *seen = findPayment({}, QString::fromLatin1(key))) {
        if (seen->amount != *amount || seen->currency != currency)
            return {409, errorBody(u"idempotency_conflict"_s, u"This key was used for another amount."_s)};
        return paymentAnswer(200, *seen);
    }

    SimulatedPayment payment;
    payment.id = nextId(u"pay_"_s);
    payment.idempotencyKey = QString::fromLatin1(key);
    payment.amount = *amount;
    payment.currency = currency;
    payment.terminal = body.value(u"terminal"_s).toString();
    payment.reference = body.value(u"reference"_s).toString();
    payment.cardBrand = cardBrandFor(*amount);
    payment.cardLast4 = cardLast4For(*amount);
    payment.createdAt = QDateTime::currentDateTimeUtc();
    if (mode == Mode::Pending) {
        payment.status = u"pending"_s;
        payment.pollsLeft = qMax(1, polls);
    } else if (mode == Mode::Decline || *amount % SuffixModulus == DeclinedAmountSuffix) {
        payment.status = u"declined"_s;
        payment.declineReason = InsufficientFunds;
    } else {
        payment.status = u"approved"_s;
    }
    m_payments.append(payment);
    saveState();
    return paymentAnswer(201, m_payments.last());
}

GatewaySimulator::Answer GatewaySimulator::createRefund(const sim::SimHttpRequest &request, const QString &paymentId,
                                                        Mode mode, int polls)
{
    const QByteArray key = request.header("idempotency-key");
    if (!validKey(key))
        return {400, errorBody(u"invalid_request"_s, u"Idempotency-Key must be 1 to 255 printable characters."_s)};
    const QJsonDocument document = QJsonDocument::fromJson(request.body);
    if (!document.isObject())
        return {400, errorBody(u"invalid_request"_s, u"The body must be a JSON object."_s)};
    const std::optional<qint64> amount = positiveInteger(document.object().value(u"amount"_s));
    if (!amount)
        return {400, errorBody(u"invalid_request"_s, u"amount must be a positive integer of minor units."_s)};
    SimulatedPayment *payment = findPayment(paymentId, {});
    if (!payment)
        return {404, errorBody(u"not_found"_s, u"No such payment."_s)};

    if (SimulatedRefund *seen = findRefund({}, QString::fromLatin1(key))) {
        if (seen->amount != *amount || seen->paymentId != paymentId)
            return {409, errorBody(u"idempotency_conflict"_s, u"This key was used for another refund."_s)};
        return refundAnswer(200, *seen);
    }

    SimulatedRefund refund;
    refund.id = nextId(u"re_"_s);
    refund.paymentId = paymentId;
    refund.idempotencyKey = QString::fromLatin1(key);
    refund.amount = *amount;
    refund.currency = payment->currency;
    refund.createdAt = QDateTime::currentDateTimeUtc();
    if (mode == Mode::Decline) {
        refund.status = u"failed"_s;
        refund.failureReason = u"The card issuer refused the refund."_s;
    } else if (mode == Mode::Pending) {
        refund.status = u"pending"_s;
        refund.pollsLeft = qMax(1, polls);
    } else {
        refund.status = u"pending"_s;
        settleRefund(refund);
    }
    m_refunds.append(refund);
    saveState();
    return refundAnswer(201, m_refunds.last());
}

void GatewaySimulator::settleRefund(SimulatedRefund &refund)
{
    SimulatedPayment *payment = findPayment(refund.paymentId, {});
    if (!payment || payment->status != u"approved"_s) {
        refund.status = u"failed"_s;
        refund.failureReason = u"The payment was not approved."_s;
    } else if (refund.amount > payment->amount - payment->refunded) {
        refund.status = u"failed"_s;
        refund.failureReason = u"The refund is more than what is left of the payment."_s;
    } else {
        refund.status = u"succeeded"_s;
        payment->refunded += refund.amount;
    }
}

GatewaySimulator::Answer GatewaySimulator::paymentAnswer(int status, SimulatedPayment &payment)
{
    // A pending payment is settled by the GETs that poll it, as a terminal
    // finishes while the customer types the PIN.
    if (status == 200 && payment.status == u"pending"_s && --payment.pollsLeft <= 0) {
        if (payment.amount % SuffixModulus == DeclinedAmountSuffix) {
            payment.status = u"declined"_s;
            payment.declineReason = InsufficientFunds;
        } else {
            payment.status = u"approved"_s;
        }
        saveState();
    }
    return {status, QJsonDocument(toJson(payment)).toJson(QJsonDocument::Compact)};
}

GatewaySimulator::Answer GatewaySimulator::refundAnswer(int status, SimulatedRefund &refund)
{
    if (status == 200 && refund.status == u"pending"_s && --refund.pollsLeft <= 0) {
        settleRefund(refund);
        saveState();
    }
    return {status, QJsonDocument(toJson(refund)).toJson(QJsonDocument::Compact)};
}

GatewaySimulator::SimulatedPayment *GatewaySimulator::findPayment(const QString &id, const QString &idempotencyKey)
{
    for (SimulatedPayment &payment : m_payments)
        if ((!id.isEmpty() && payment.id == id) || (!idempotencyKey.isEmpty() && payment.idempotencyKey == idempotencyKey))
            return &payment;
    return nullptr;
}

GatewaySimulator::SimulatedRefund *GatewaySimulator::findRefund(const QString &id, const QString &idempotencyKey)
{
    for (SimulatedRefund &refund : m_refunds)
        if ((!id.isEmpty() && refund.id == id) || (!idempotencyKey.isEmpty() && refund.idempotencyKey == idempotencyKey))
            return &refund;
    return nullptr;
}

QString GatewaySimulator::nextId(const QString &prefix)
{
    return prefix + u"%1"_s.arg(++m_lastId, 6, 10, QLatin1Char('0'));
}

} // namespace sk
