import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { classifyPublishError, publishErrorCode, publishErrorMessage } from './publish-errors';

/** What kafkajs builds from a broker error code (its typings only admit an Error or a string). */
function protocolError(type: string, retriable: boolean, message: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, retriable }));
}

const tooLarge = () =>
  protocolError(
    'MESSAGE_TOO_LARGE',
    false,
    'The request included a message larger than the max message size the server will accept',
  );

describe('classifyPublishError', () => {
  it('blames the message when the broker refuses it, however deeply kafkajs wrapped the answer', () => {
    // kafkajs's retrier bails out with the broker's answer as the cause.
    const bailed = Object.assign(new KafkaJSNonRetriableError(tooLarge()), { cause: tooLarge() });
    expect(classifyPublishError(tooLarge())).toBe('message');
    expect(classifyPublishError(bailed)).toBe('message');
    expect(classifyPublishError(new KafkaJSAggregateError('many', [tooLarge()]))).toBe('message');
    expect(publishErrorCode(bailed)).toBe('MESSAGE_TOO_LARGE');
    expect(publishErrorMessage(bailed)).toMatch(/larger than the max message size/);
  });

  it('calls an unreachable or busy Kafka transient, so the relay backs off instead of dead-lettering', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:59092');
    expect(classifyPublishError(refused)).toBe('transient');
    expect(
      classifyPublishError(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 400 })),
    ).toBe('transient');
    expect(classifyPublishError(new KafkaJSRequestTimeoutError('Request Produce timed out'))).toBe(
      'transient',
    );
    const notLeader = protocolError('NOT_LEADER_OR_FOLLOWER', true, 'not the leader');
    expect(classifyPublishError(notLeader)).toBe('transient');
  });

  it('blames the message for errors that are not from the Kafka client (e.g. an unencodable header)', () => {
    expect(classifyPublishError(new TypeError('The "string" argument must be of type string'))).toBe(
      'message',
    );
  });
});
