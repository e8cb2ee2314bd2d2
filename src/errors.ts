// The catalogue of errors the API answers with. Each carries the HTTP status and the `error.type` of the
// real API's failure envelope, so handlers throw and one error handler renders.

export interface ValidationIssue {
  location: 'query' | 'body' | 'params' | 'headers'
  param: string
  msg: string
}

/** An error whose status, `error.type` and message are meant for the client. */
export class ApiError extends Error {
  constructor (readonly statusCode: number, readonly type: string, message: string) {
    super(message)
    this.name = type
  }
}

export class Unauthorized extends ApiError {
  constructor () { super(401, 'Unauthorized', 'Unauthorized') }
}

export class CourseNotFound extends ApiError {
  constructor () { super(404, 'CourseNotFound', 'Course not found') }
}

export class NotAcceptable extends ApiError {
  constructor (offered: string) { super(406, 'NotAcceptable', `This resource can be represented as ${offered} only`) }
}

export class UnsupportedMediaType extends ApiError {
  constructor () { super(415, 'UnsupportedMediaType', 'Content-Type must be application/json') }
}

/** 422 RequestValidationError with every invalid parameter listed, as the real API answers. */
export class RequestValidationError extends ApiError {
  constructor (readonly errors: ValidationIssue[]) {
    super(422, 'RequestValidationError', 'The request is not valid')
  }
}

/** 429, with express-rate-limit's default message (the real API's limiter). */
export class TooManyRequests extends ApiError {
  static readonly MESSAGE = 'Too many requests, please try again later.'
  constructor () { super(429, 'TooManyRequests', TooManyRequests.MESSAGE) }
}

/** 500 on purpose (fault injection): rendered exactly like an unexpected failure. */
export class InternalServerError extends ApiError {
  constructor () { super(500, 'InternalServerError', 'Internal server error') }
}

/** 503 on purpose (fault injection): what a client sees while the service is down or overloaded. */
export class ServiceUnavailable extends ApiError {
  constructor () { super(503, 'ServiceUnavailable', 'Service unavailable, please try again later.') }
}
