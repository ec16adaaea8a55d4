package com.smartsupport.llm.reply;

import java.util.Map;

/**
 * The sentences of the automatic answer in each language it speaks; {@code %s} are filled in order. English is the
 * fallback for any other language.
 */
record FallbackPhrases(
        String mark,
        String hello,
        String helloNamed,
        String fromArticles,
        String offerHuman,
        String decline,
        String noAccount,
        String warrantyUntil,
        String warrantyEnded,
        String noWarrantyDate,
        String noPurchaseWarranty,
        String returnOrder,
        String noPurchaseReturn,
        String subscription,
        String noSubscription,
        String account,
        String noAccountDetails,
        String latest,
        String noOrders,
        String statusUnknown,
        String shipping) {

    static final FallbackPhrases EN = new FallbackPhrases(
            "(Automatic answer.)",
            "Hello.",
            "Hello %s.",
            "Here is what our help centre says",
            "If you'd like, press \"Talk to a person\" and a human agent will take over.",
            "I'm sorry, I don't have information on that: I can help with your SMART Shop orders, deliveries, "
                    + "returns, warranty, subscription and account.",
            "I can't reach your account details right now, so I can't check your orders at this moment.",
            "Your %s is under warranty until %s.",
            "Your %s was under warranty until %s (it has now ended).",
            "I can't see a warranty date for your %s.",
            "I can't find a purchase on your account to check a warranty for.",
            "Your %s (order %s, bought %s) is the order I'd look at; an agent can confirm whether it can still be "
                    + "returned and start the return for you.",
            "I can't find a purchase on your account to return.",
            "Your subscription is %s, status %s%s.",
            "I can't see a subscription on your account.",
            "Your account %s is registered to %s%s.",
            "I can't see your account details right now.",
            "Here is the latest on your %s (order %s): order %s%s.",
            "I can't find any orders on your account.",
            "status unknown",
            ", shipping: %s");

    static final FallbackPhrases FR = new FallbackPhrases(
            "(Réponse automatique.)",
            "Bonjour.",
            "Bonjour %s.",
            "Voici ce qu'indique notre centre d'aide",
            "Si vous le souhaitez, appuyez sur « Talk to a person » et un conseiller prendra le relais.",
            "Désolé, je n'ai pas d'information à ce sujet : je peux vous aider pour vos commandes SMART Shop, "
                    + "livraisons, retours, garantie, abonnement et compte.",
            "Je ne peux pas accéder à votre compte pour le moment, je ne peux donc pas vérifier vos commandes.",
            "Votre %s est sous garantie jusqu'au %s.",
            "Votre %s était sous garantie jusqu'au %s (elle est terminée).",
            "Je ne vois pas de date de garantie pour votre %s.",
            "Je ne trouve pas d'achat sur votre compte pour vérifier une garantie.",
            "Votre %s (commande %s, achetée le %s) est la commande à examiner ; un conseiller peut confirmer si elle "
                    + "peut encore être retournée et lancer le retour pour vous.",
            "Je ne trouve pas d'achat à retourner sur votre compte.",
            "Votre abonnement : %s, statut %s%s.",
            "Je ne vois pas d'abonnement sur votre compte.",
            "Votre compte %s est au nom de %s%s.",
            "Je ne vois pas les détails de votre compte pour le moment.",
            "Dernières nouvelles de votre %s (commande %s) : commande %s%s.",
            "Je ne trouve aucune commande sur votre compte.",
            "statut inconnu",
            ", livraison : %s");

    static final FallbackPhrases ES = new FallbackPhrases(
            "(Respuesta automática.)",
            "Hola.",
            "Hola, %s.",
            "Esto es lo que dice nuestro centro de ayuda",
            "Si lo desea, pulse \"Talk to a person\" y un agente le atenderá.",
            "Lo siento, no tengo información sobre eso: puedo ayudarle con sus pedidos de SMART Shop, envíos, "
                    + "devoluciones, garantía, suscripción y cuenta.",
            "No puedo acceder a los datos de su cuenta ahora mismo, así que no puedo revisar sus pedidos.",
            "Su %s está en garantía hasta el %s.",
            "Su %s estuvo en garantía hasta el %s (ya ha terminado).",
            "No veo una fecha de garantía para su %s.",
            "No encuentro una compra en su cuenta para revisar la garantía.",
            "Su %s (pedido %s, comprado el %s) es el pedido que revisaría; un agente puede confirmar si aún se puede "
                    + "devolver e iniciar la devolución.",
            "No encuentro una compra en su cuenta para devolver.",
            "Su suscripción es %s, estado %s%s.",
            "No veo ninguna suscripción en su cuenta.",
            "Su cuenta %s está a nombre de %s%s.",
            "No puedo ver los datos de su cuenta ahora mismo.",
            "Lo último sobre su %s (pedido %s): pedido %s%s.",
            "No encuentro pedidos en su cuenta.",
            "estado desconocido",
            ", envío: %s");

    static final FallbackPhrases DE = new FallbackPhrases(
            "(Automatische Antwort.)",
            "Hallo.",
            "Hallo %s.",
            "Das sagt unser Hilfe-Center",
            "Wenn Sie möchten, drücken Sie \"Talk to a person\" und ein Mitarbeiter übernimmt.",
            "Dazu habe ich leider keine Informationen: Ich helfe Ihnen gern bei Ihren SMART-Shop-Bestellungen, "
                    + "Lieferungen, Rücksendungen, Garantie, Abonnement und Ihrem Konto.",
            "Ich kann Ihr Konto gerade nicht abrufen und daher Ihre Bestellungen nicht prüfen.",
            "Ihr %s hat Garantie bis %s.",
            "Ihr %s hatte Garantie bis %s (sie ist abgelaufen).",
            "Ich sehe kein Garantiedatum für Ihr %s.",
            "Ich finde keinen Kauf in Ihrem Konto, um eine Garantie zu prüfen.",
            "Ihr %s (Bestellung %s, gekauft am %s) ist die Bestellung, die ich prüfen würde; ein Mitarbeiter kann "
                    + "bestätigen, ob sie noch zurückgegeben werden kann, und die Rücksendung starten.",
            "Ich finde keinen Kauf in Ihrem Konto, der zurückgegeben werden kann.",
            "Ihr Abonnement: %s, Status %s%s.",
            "Ich sehe kein Abonnement in Ihrem Konto.",
            "Ihr Konto %s ist auf %s registriert%s.",
            "Ich kann Ihre Kontodaten gerade nicht sehen.",
            "Neuestes zu Ihrem %s (Bestellung %s): Bestellung %s%s.",
            "Ich finde keine Bestellungen in Ihrem Konto.",
            "Status unbekannt",
            ", Versand: %s");

    private static final Map<String, FallbackPhrases> BY_LANGUAGE = Map.of("en", EN, "fr", FR, "es", ES, "de", DE);

    static FallbackPhrases of(String language) {
        return language == null ? EN : BY_LANGUAGE.getOrDefault(language, EN);
    }

    static boolean speaks(String language) {
        return language != null && BY_LANGUAGE.containsKey(language);
    }

    /** Whether a text is an automatic answer, in any language. */
    static boolean isMarked(String text) {
        return text != null && BY_LANGUAGE.values().stream().anyMatch(p -> text.startsWith(p.mark()));
    }
}
